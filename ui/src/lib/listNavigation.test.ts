import { describe, expect, it } from "vitest";
import { indexToOpen, moveHighlight } from "./listNavigation";

describe("moveHighlight", () => {
  it.each([
    // [current, key, count, expected]
    [-1, "ArrowDown", 3, 0],
    [0, "ArrowDown", 3, 1],
    [2, "ArrowDown", 3, 0],
    [-1, "ArrowUp", 3, 2],
    [0, "ArrowUp", 3, 2],
    [2, "ArrowUp", 3, 1],
    [1, "Home", 3, 0],
    [0, "End", 3, 2],
    [-1, "ArrowDown", 0, -1],
    [-1, "ArrowUp", 0, -1],
  ])("from %i, %s in %i results goes to %i", (current, key, count, expected) => {
    expect(moveHighlight(current, key, count)).toBe(expected);
  });

  it("ignores keys that do not move the highlight", () => {
    expect(moveHighlight(1, "a", 3)).toBeNull();
    expect(moveHighlight(1, "Enter", 3)).toBeNull();
    expect(moveHighlight(-1, "Home", 0)).toBeNull();
  });
});

describe("indexToOpen", () => {
  it("opens the highlighted result", () => {
    expect(indexToOpen(2, 3)).toBe(2);
  });
  it("opens the first result when nothing is highlighted", () => {
    expect(indexToOpen(-1, 3)).toBe(0);
  });
  it("opens nothing when there is no result", () => {
    expect(indexToOpen(-1, 0)).toBe(-1);
    expect(indexToOpen(0, 0)).toBe(-1);
  });
  it("falls back to the first result when the highlight is stale", () => {
    expect(indexToOpen(5, 2)).toBe(0);
  });
});
