//! Integer bounds and pvi's exact splitting arithmetic (docs/behaviour/layout.md#geometry).

use serde::Serialize;

/// A rectangle: x, y, width, height in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Bounds {
    /// Left edge.
    pub x: i64,
    /// Top edge.
    pub y: i64,
    /// Width.
    pub w: i64,
    /// Height.
    pub h: i64,
}

impl Bounds {
    /// A rectangle.
    pub const fn new(x: i64, y: i64, w: i64, h: i64) -> Self {
        Bounds { x, y, w, h }
    }

    /// Right edge (`x + w`).
    pub fn right(&self) -> i64 {
        self.x + self.w
    }

    /// Bottom edge (`y + h`).
    pub fn bottom(&self) -> i64 {
        self.y + self.h
    }

    /// Moved by (dx, dy).
    pub fn shifted(&self, dx: i64, dy: i64) -> Self {
        Bounds::new(self.x + dx, self.y + dy, self.w, self.h)
    }

    /// `split_left`: a `width` wide left part and the rest after `spacing`.
    /// `None` when `width + spacing >= w` (pvi: "Can't split off {t} from {w}").
    pub fn split_left(&self, width: i64, spacing: i64) -> Option<(Bounds, Bounds)> {
        let t = width + spacing;
        if t >= self.w {
            return None;
        }
        Some((
            Bounds::new(self.x, self.y, width, self.h),
            Bounds::new(self.x + t, self.y, self.w - t, self.h),
        ))
    }

    /// `split_into`: `n` equal cells side by side, width computed as
    /// `trunc(space * (1.0 / n))` in f64 exactly as pvi does.
    pub fn split_into(&self, n: usize, spacing: i64) -> Vec<Bounds> {
        if n == 0 {
            return Vec::new();
        }
        let n_i = n as i64;
        let space = self.w - (n_i - 1) * spacing;
        let cell_w = (space as f64 * (1.0 / n as f64)).trunc() as i64;
        (0..n_i)
            .map(|i| Bounds::new(self.x + i * cell_w + i * spacing, self.y, cell_w, self.h))
            .collect()
    }

    /// `split_into_rows(B, 2, s)`: top and bottom halves.
    pub fn split_rows2(&self, spacing: i64) -> (Bounds, Bounds) {
        let row_h = (self.h - spacing).div_euclid(2);
        (
            Bounds::new(self.x, self.y, self.w, row_h),
            Bounds::new(self.x, self.y + row_h + spacing, self.w, row_h),
        )
    }

    /// `square`: the largest centred square (offsets are truncated halves, as in pvi).
    pub fn square(&self) -> Bounds {
        let size = self.w.min(self.h);
        let dx = ((self.w - size) as f64 / 2.0).trunc() as i64;
        let dy = ((self.h - size) as f64 / 2.0).trunc() as i64;
        Bounds::new(self.x + dx, self.y + dy, size, size)
    }
}

/// Largest `x + w` of a list (0 when empty).
pub fn max_x<'a>(it: impl IntoIterator<Item = &'a Bounds>) -> i64 {
    it.into_iter().map(Bounds::right).max().unwrap_or(0).max(0)
}

/// Largest `y + h` of a list (0 when empty).
pub fn max_y<'a>(it: impl IntoIterator<Item = &'a Bounds>) -> i64 {
    it.into_iter().map(Bounds::bottom).max().unwrap_or(0).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_into_uses_reciprocal() {
        assert_eq!(Bounds::new(0, 0, 380, 20).split_into(3, 4)[0].w, 124);
        assert_eq!(Bounds::new(142, 0, 124, 20).split_into(3, 4)[0].w, 38);
        assert_eq!(Bounds::new(49, 0, 199, 20).split_into(4, 4)[1].x, 99);
    }

    #[test]
    fn square_centres() {
        assert_eq!(
            Bounds::new(142, 0, 124, 20).square(),
            Bounds::new(194, 0, 20, 20)
        );
        assert_eq!(
            Bounds::new(226, 48, 38, 20).square(),
            Bounds::new(235, 48, 20, 20)
        );
    }

    #[test]
    fn split_left_refuses_too_wide() {
        assert!(Bounds::new(0, 0, 124, 20).split_left(120, 4).is_none());
        let (l, r) = Bounds::new(18, 0, 248, 20).split_left(120, 4).unwrap();
        assert_eq!(
            (l, r),
            (Bounds::new(18, 0, 120, 20), Bounds::new(142, 0, 124, 20))
        );
    }
}
