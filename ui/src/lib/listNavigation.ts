// Keyboard movement in a list of results (the search box's listbox): arrows move, Home/End jump.
// `-1` means nothing is highlighted yet.

/** The highlighted index after a key press, or `null` when the key does not move the highlight. */
export function moveHighlight(current: number, key: string, count: number): number | null {
  if (count <= 0) return key === "ArrowDown" || key === "ArrowUp" ? -1 : null;
  switch (key) {
    case "ArrowDown":
      return current < 0 || current >= count - 1 ? 0 : current + 1;
    case "ArrowUp":
      return current <= 0 ? count - 1 : current - 1;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

/** The index Enter should open: the highlighted one, else the first result, else none (`-1`). */
export function indexToOpen(highlighted: number, count: number): number {
  if (count <= 0) return -1;
  return highlighted >= 0 && highlighted < count ? highlighted : 0;
}
