import { describe, expect, it } from "vitest";
import { inside, within } from "./lasso";

// A rough L-shaped loop around part of Recife, as a coordinator would draw it.
const shape = [
  { lat: -8.0, lon: -35.0 },
  { lat: -8.0, lon: -34.9 },
  { lat: -8.05, lon: -34.9 },
  { lat: -8.05, lon: -34.95 },
  { lat: -8.1, lon: -34.95 },
  { lat: -8.1, lon: -35.0 },
];

describe("the lasso", () => {
  it("takes the points inside the drawn shape, including its concave corner, and not those outside", () => {
    expect(inside({ lat: -8.02, lon: -34.92 }, shape)).toBe(true);
    expect(inside({ lat: -8.08, lon: -34.98 }, shape)).toBe(true);
    // In the notch of the L: outside.
    expect(inside({ lat: -8.08, lon: -34.92 }, shape)).toBe(false);
    expect(inside({ lat: -7.9, lon: -34.95 }, shape)).toBe(false);
  });

  it("takes nothing with fewer than three points drawn", () => {
    expect(inside({ lat: -8.02, lon: -34.92 }, shape.slice(0, 2))).toBe(false);
  });

  it("returns the order ids inside", () => {
    const points = [
      { orderId: "a", lat: -8.02, lon: -34.92 },
      { orderId: "b", lat: -8.08, lon: -34.92 },
      { orderId: "c", lat: -8.08, lon: -34.98 },
    ];
    expect(within(points, shape)).toEqual(["a", "c"]);
  });
});
