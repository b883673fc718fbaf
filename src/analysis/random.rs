//! Seeded random numbers and the distributions a duration's spread is drawn
//! from. Only IEEE-exact arithmetic and `libm` are used, so a seed gives the
//! same draws natively and in the browser's wasm.

use crate::model::{Calendar, Duration, QUANTILES, Shape, Spread};

/// xoshiro256++ seeded by SplitMix64: fast, small, and good enough for Monte
/// Carlo (it passes BigCrush).
#[derive(Clone, Debug)]
pub struct Rng {
    state: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        Rng {
            state: [next(), next(), next(), next()],
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1), 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal, by the polar method (no trigonometry).
    fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * libm::log(s) / s).sqrt();
            }
        }
    }

    /// Gamma(shape, 1) for shape >= 1 (Marsaglia and Tsang).
    fn gamma(&mut self, shape: f64) -> f64 {
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            if u < 1.0 - 0.0331 * x * x * x * x
                || libm::log(u) < 0.5 * x * x + d * (1.0 - v + libm::log(v))
            {
                return d * v;
            }
        }
    }
}

/// How one duration is drawn, in seconds.
#[derive(Clone, Debug, PartialEq)]
pub enum Draw {
    Fixed(f64),
    Triangular {
        min: f64,
        likely: f64,
        max: f64,
    },
    /// A beta distribution on [min, max] with shape parameters `alpha`, `beta` (both >= 1).
    Pert {
        min: f64,
        max: f64,
        alpha: f64,
        beta: f64,
    },
    /// Quantiles p0, p5, ..., p100; drawn by linear interpolation between them.
    Quantiles(Box<[f64; QUANTILES]>),
}

impl Draw {
    /// The draw for `duration` under `calendar`: its spread if it has one, else its value.
    pub fn of(duration: &Duration, calendar: &Calendar) -> Draw {
        let unit = duration.unit.seconds(calendar);
        let Some(spread) = duration.spread.as_deref() else {
            return Draw::Fixed(duration.value * unit);
        };
        // The loader and the editor check spreads; anything else falls back to the value.
        if spread.problem().is_some() {
            return Draw::Fixed(duration.value * unit);
        }
        match spread {
            Spread::Range(r) => {
                let (min, likely, max) = (r.min * unit, r.likely * unit, r.max * unit);
                let width = max - min;
                if width.is_nan() || width <= 0.0 {
                    return Draw::Fixed(min);
                }
                match r.shape {
                    Shape::Triangular => Draw::Triangular { min, likely, max },
                    Shape::Pert => Draw::Pert {
                        min,
                        max,
                        alpha: 1.0 + 4.0 * (likely - min) / width,
                        beta: 1.0 + 4.0 * (max - likely) / width,
                    },
                }
            }
            Spread::Quantiles(q) => {
                let mut values = [0.0; QUANTILES];
                for (slot, v) in values.iter_mut().zip(q) {
                    *slot = v * unit;
                }
                Draw::Quantiles(Box::new(values))
            }
        }
    }

    pub fn is_fixed(&self) -> bool {
        matches!(self, Draw::Fixed(_))
    }

    pub fn sample(&self, rng: &mut Rng) -> f64 {
        match self {
            Draw::Fixed(v) => *v,
            Draw::Triangular { min, likely, max } => {
                let u = rng.uniform();
                let width = max - min;
                if u * width < likely - min {
                    min + (u * width * (likely - min)).sqrt()
                } else {
                    max - ((1.0 - u) * width * (max - likely)).sqrt()
                }
            }
            Draw::Pert {
                min,
                max,
                alpha,
                beta,
            } => {
                let x = rng.gamma(*alpha);
                let y = rng.gamma(*beta);
                min + (max - min) * x / (x + y)
            }
            Draw::Quantiles(q) => {
                let at = rng.uniform() * (QUANTILES - 1) as f64;
                let i = (at as usize).min(QUANTILES - 2);
                q[i] + (at - i as f64) * (q[i + 1] - q[i])
            }
        }
    }

    /// The mean of the draw, in seconds.
    #[cfg(test)]
    pub fn mean(&self) -> f64 {
        match self {
            Draw::Fixed(v) => *v,
            Draw::Triangular { min, likely, max } => (min + likely + max) / 3.0,
            Draw::Pert {
                min,
                max,
                alpha,
                beta,
            } => min + (max - min) * alpha / (alpha + beta),
            Draw::Quantiles(q) => {
                q.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum::<f64>() / (QUANTILES - 1) as f64
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ThreePoint, TimeUnit};

    fn mean_of(draw: &Draw, n: usize) -> f64 {
        let mut rng = Rng::new(7);
        (0..n).map(|_| draw.sample(&mut rng)).sum::<f64>() / n as f64
    }

    #[test]
    fn a_seed_gives_the_same_numbers() {
        let a: Vec<u64> = {
            let mut r = Rng::new(42);
            (0..5).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(42);
            (0..5).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, {
            let mut r = Rng::new(43);
            (0..5).map(|_| r.next_u64()).collect::<Vec<_>>()
        });
    }

    #[test]
    fn draws_have_their_closed_form_means() {
        let calendar = Calendar::default();
        let range = |shape| {
            Duration::new(10.0, TimeUnit::Seconds).with_spread(Spread::Range(ThreePoint {
                min: 2.0,
                likely: 4.0,
                max: 12.0,
                shape,
            }))
        };
        let triangular = Draw::of(&range(Shape::Triangular), &calendar);
        assert_eq!(triangular.mean(), 6.0);
        assert!((mean_of(&triangular, 200_000) - 6.0).abs() < 0.02);
        let pert = Draw::of(&range(Shape::Pert), &calendar);
        // (2 + 4 x 4 + 12) / 6 = 5
        assert!((pert.mean() - 5.0).abs() < 1e-12);
        assert!((mean_of(&pert, 200_000) - 5.0).abs() < 0.02);
        let q: Vec<f64> = (0..21).map(|k| (k * k) as f64).collect();
        let measured = Draw::of(
            &Duration::new(1.0, TimeUnit::Minutes).with_spread(Spread::Quantiles(q)),
            &calendar,
        );
        let expected = (0..20)
            .map(|k| ((k * k + (k + 1) * (k + 1)) as f64) / 2.0)
            .sum::<f64>()
            / 20.0
            * 60.0;
        assert!((measured.mean() - expected).abs() < 1e-9);
        assert!((mean_of(&measured, 200_000) - expected).abs() < expected * 0.005);
    }

    #[test]
    fn draws_stay_inside_their_range() {
        let mut rng = Rng::new(1);
        let draw = Draw::Pert {
            min: 1.0,
            max: 3.0,
            alpha: 1.0,
            beta: 5.0,
        };
        for _ in 0..10_000 {
            let x = draw.sample(&mut rng);
            assert!((1.0..=3.0).contains(&x));
        }
    }
}
