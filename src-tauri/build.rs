use std::path::Path;

fn main() {
    // The UI is embedded at compile time (`build.frontendDist` is `../ui/dist`): say how to build it
    // rather than letting Tauri's macro fail on a missing folder.
    let index = Path::new("../ui/dist/index.html");
    println!("cargo:rerun-if-changed=../ui/dist");
    if !index.is_file() {
        panic!(
            "ui/dist/index.html is missing: build the UI first (`npm ci && npm run build` in ui/), \
             or use `cargo xtask run` / `cargo xtask test`, which do"
        );
    }
    tauri_build::build();
}
