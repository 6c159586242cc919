//! `raamat new`: creates a site, a page or a course in every configured language.
