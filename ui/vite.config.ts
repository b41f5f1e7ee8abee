import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The UI is embedded in the desk app at compile time (src-tauri's `build.frontendDist` is `../ui/dist`):
// there is no dev server, so the build must be self-contained and use relative paths.
export default defineConfig({
  plugins: [svelte()],
  base: "./",
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.40+ (Debian 12) and WebView2 both handle ES2021.
    target: "es2021",
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
