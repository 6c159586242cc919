// The default theme is embedded with include_dir!, which does not notice files
// added to the folder; this makes cargo rebuild when anything under it changes.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
