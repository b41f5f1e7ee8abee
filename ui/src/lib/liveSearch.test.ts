import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LiveSearch } from "./liveSearch";

/** A search whose answers the test releases by hand, in any order. */
function controlledSearch() {
  const pending: { text: string; resolve: (r: string[]) => void; reject: (e: unknown) => void }[] = [];
  const fetch = (text: string) =>
    new Promise<string[]>((resolve, reject) => pending.push({ text, resolve, reject }));
  return { pending, fetch };
}

describe("LiveSearch", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("asks once, after the typing pauses", async () => {
    const { pending, fetch } = controlledSearch();
    const onResults = vi.fn();
    const search = new LiveSearch({ fetch, onResults, onError: vi.fn(), delayMs: 100 });
    search.input("b");
    search.input("be");
    search.input("ben");
    expect(pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(pending.map((p) => p.text)).toEqual(["ben"]);
    pending[0].resolve(["F-01-000001"]);
    await vi.runAllTimersAsync();
    expect(onResults).toHaveBeenCalledWith("ben", ["F-01-000001"]);
  });

  it("drops a slow answer to an older text", async () => {
    const { pending, fetch } = controlledSearch();
    const onResults = vi.fn();
    const search = new LiveSearch({ fetch, onResults, onError: vi.fn(), delayMs: 10 });
    search.input("ro");
    await vi.advanceTimersByTimeAsync(10);
    search.input("rou");
    await vi.advanceTimersByTimeAsync(10);
    expect(pending.map((p) => p.text)).toEqual(["ro", "rou"]);
    pending[1].resolve(["new"]);
    await vi.runAllTimersAsync();
    pending[0].resolve(["old"]);
    await vi.runAllTimersAsync();
    expect(onResults).toHaveBeenCalledTimes(1);
    expect(onResults).toHaveBeenCalledWith("rou", ["new"]);
  });

  it("clears the results at once when the box is emptied", async () => {
    const { pending, fetch } = controlledSearch();
    const onResults = vi.fn();
    const search = new LiveSearch({ fetch, onResults, onError: vi.fn(), delayMs: 10 });
    search.input("ben");
    search.input("  ");
    expect(onResults).toHaveBeenCalledWith("", []);
    await vi.runAllTimersAsync();
    expect(pending).toHaveLength(0);
  });

  it("reports the error of the latest text only", async () => {
    const { pending, fetch } = controlledSearch();
    const onError = vi.fn();
    const search = new LiveSearch({ fetch, onResults: vi.fn(), onError, delayMs: 10 });
    search.input("x");
    await vi.advanceTimersByTimeAsync(10);
    pending[0].reject("Le dossier est illisible.");
    await vi.runAllTimersAsync();
    expect(onError).toHaveBeenCalledWith("x", "Le dossier est illisible.");
  });
});
