//! The one pseudo-random number generator of the synthetic devices.
//!
//! [`Rng`] runs one of two algorithms, chosen when it is made:
//!
//! - [`Rng::splitmix64`] (SplitMix64), used by [`random_device`](super::random_device):
//!   `scripts/diff-vs-pvi.sh` names its cases by seed, so a seed must keep
//!   giving the same device;
//! - [`Rng::xorshift64`] (Marsaglia's xorshift64, shifts 13, 7, 17), used by
//!   [`assorted_device`](super::assorted_device): the benchmark inputs, the
//!   `tests/screens.rs` snapshot and `bench_format gen` are its output.
//!
//! The two sequences differ, and changing either would change the devices
//! made from it, so both are kept. Everything drawn from the bits
//! ([`Rng::below`], [`Rng::chance`], [`Rng::pick`]) is shared.

/// Which sequence an [`Rng`] produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    SplitMix64,
    XorShift64,
}

/// A small deterministic PRNG: same algorithm and seed, same numbers.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
    algorithm: Algorithm,
}

/// The SplitMix64 increment (the golden ratio in 64-bit fixed point).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl Rng {
    /// A SplitMix64 generator from `seed` (the state starts at
    /// `seed ^ GOLDEN`).
    pub fn splitmix64(seed: u64) -> Self {
        Rng {
            state: seed ^ GOLDEN,
            algorithm: Algorithm::SplitMix64,
        }
    }

    /// An xorshift64 generator from `seed` (0, a fixed point of xorshift, is
    /// taken as 1).
    pub fn xorshift64(seed: u64) -> Self {
        Rng {
            state: seed.max(1),
            algorithm: Algorithm::XorShift64,
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        match self.algorithm {
            Algorithm::SplitMix64 => {
                self.state = self.state.wrapping_add(GOLDEN);
                let mut z = self.state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^ (z >> 31)
            }
            Algorithm::XorShift64 => {
                self.state ^= self.state << 13;
                self.state ^= self.state >> 7;
                self.state ^= self.state << 17;
                self.state
            }
        }
    }

    /// A number in `0..n` (`0` when `n` is 0): the next bits modulo `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `p` percent.
    pub fn chance(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    /// One item of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
