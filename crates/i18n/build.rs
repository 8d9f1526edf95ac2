// The messages are compiled in by `static_loader!`: rebuild when any .ftl changes.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
