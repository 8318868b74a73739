//! The syllable statistics OCR correction weighs candidates with: how often each word occurs
//! in 84,000 news articles (VNTC, 2006–07) and how often two words stand side by side. Built by
//! `data/make_ocr_model.py` (its doc says the format); counts only, no text.

use std::collections::HashMap;

const MAGIC: &[u8] = b"VNOCR1";

/// Counts of words and of pairs of neighbouring words, with every syllable's mark-free spelling
/// indexed to the syllables that share it (`thể`, `thế`, `the`, `thé`… under `the`): only real
/// syllables can be offered as corrections, and that is checked once here, not per word read.
pub struct Model {
    index: HashMap<String, u32>,
    counts: Vec<u32>,
    /// `first × words + second`, ascending, beside `pair_counts`.
    pair_keys: Vec<u32>,
    pair_counts: Vec<u32>,
    by_fold: HashMap<String, Vec<u32>>,
    words: Vec<String>,
    total: f64,
}

impl Model {
    /// The statistics from their compact form; `None` if the bytes are not one.
    pub fn decode(bytes: &[u8]) -> Option<Model> {
        let mut reader = Reader { bytes: bytes.strip_prefix(MAGIC)?, at: 0 };
        let size = reader.number()?;
        // Every entry takes at least two bytes: a count read from broken bytes cannot reserve more.
        let room = bytes.len() / 2;
        let mut words = Vec::with_capacity((size as usize).min(room));
        let mut counts = Vec::with_capacity((size as usize).min(room));
        for _ in 0..size {
            let length = reader.number()? as usize;
            words.push(std::str::from_utf8(reader.take(length)?).ok()?.to_owned());
            counts.push(reader.number()?);
        }
        let pairs = reader.number()? as usize;
        let (mut pair_keys, mut pair_counts) =
            (Vec::with_capacity(pairs.min(room)), Vec::with_capacity(pairs.min(room)));
        let mut key = 0_u32;
        for _ in 0..pairs {
            key = key.checked_add(reader.number()?)?;
            pair_keys.push(key);
            pair_counts.push(reader.number()?);
        }
        let index = words.iter().enumerate().map(|(i, w)| (w.clone(), i as u32)).collect();
        let mut by_fold: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, word) in words.iter().enumerate().filter(|(_, w)| crate::syllable::is_syllable(w)) {
            by_fold.entry(crate::fold(word)).or_default().push(i as u32);
        }
        let total = counts.iter().map(|&c| f64::from(c)).sum::<f64>().max(1.0);
        Some(Model { index, counts, pair_keys, pair_counts, by_fold, words, total })
    }

    /// The word's place in the model, if it was seen often enough to be in it.
    pub fn find(&self, word: &str) -> Option<u32> {
        self.index.get(word).copied()
    }

    /// The words spelled like `folded` but for their marks.
    pub fn same_letters(&self, folded: &str) -> &[u32] {
        self.by_fold.get(folded).map_or(&[], Vec::as_slice)
    }

    pub fn word(&self, id: u32) -> &str {
        self.words.get(id as usize).map_or("", String::as_str)
    }

    /// log P(`next` | `before`): the pair's count blended with the word's own frequency, so a
    /// pair never seen still has a chance, and a word after an unknown one is judged alone.
    pub fn log_follows(&self, before: Option<u32>, next: Option<u32>) -> f64 {
        const BLEND: f64 = 20.0;
        let alone = (next.map_or(0.0, |n| self.count(n)) + 0.5) / self.total;
        let (Some(before), Some(next)) = (before, next) else { return alone.ln() };
        let seen = self.pair(before, next);
        ((seen + BLEND * alone) / (self.count(before) + BLEND)).ln()
    }

    fn count(&self, id: u32) -> f64 {
        self.counts.get(id as usize).map_or(0.0, |&c| f64::from(c))
    }

    fn pair(&self, before: u32, next: u32) -> f64 {
        let key = before.saturating_mul(self.counts.len() as u32).saturating_add(next);
        match self.pair_keys.binary_search(&key) {
            Ok(at) => self.pair_counts.get(at).map_or(0.0, |&c| f64::from(c)),
            Err(_) => 0.0,
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// One LEB128 varint that fits 32 bits.
    fn number(&mut self) -> Option<u32> {
        let mut value = 0_u64;
        for shift in (0..35).step_by(7) {
            let byte = *self.bytes.get(self.at)?;
            self.at += 1;
            value |= u64::from(byte & 0x7F) << shift;
            if byte & 0x80 == 0 {
                return u32::try_from(value).ok();
            }
        }
        None
    }

    fn take(&mut self, length: usize) -> Option<&[u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(length)?)?;
        self.at += length;
        Some(slice)
    }
}
