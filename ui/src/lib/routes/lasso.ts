// Choosing stops by drawing around them on the map: which points fall inside the drawn shape.

export type Point = { lat: number; lon: number };

/** Whether `p` is inside the closed polygon `shape` (ray casting; the last point joins the first). */
export function inside(p: Point, shape: Point[]): boolean {
  if (shape.length < 3) return false;
  let hit = false;
  for (let i = 0, j = shape.length - 1; i < shape.length; j = i++) {
    const a = shape[i];
    const b = shape[j];
    if (a.lat > p.lat !== b.lat > p.lat && p.lon < ((b.lon - a.lon) * (p.lat - a.lat)) / (b.lat - a.lat) + a.lon) {
      hit = !hit;
    }
  }
  return hit;
}

/** The ids of the points inside `shape`. */
export function within<T extends Point & { orderId: string }>(points: T[], shape: Point[]): string[] {
  return points.filter((p) => inside(p, shape)).map((p) => p.orderId);
}
