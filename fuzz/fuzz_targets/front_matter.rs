#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| raamat::fuzzing::front_matter(data));
