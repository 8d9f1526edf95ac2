//! Personal data at rest: sealed with ChaCha20-Poly1305 under a key from configuration, and
//! found again through a keyed index (HMAC-SHA256) instead of the clear text.
//!
//! Key rotation: the sealed form names the key that sealed it (`k<id>.`), so a new key can be
//! configured as current while the old ones stay available for opening.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, Generate, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("the secret key must be 32 bytes, base64-encoded (got {0} bytes)")]
    Length(usize),
    #[error("the secret key is not valid base64")]
    Encoding,
    #[error("sealed data is damaged or was sealed with a key that is not configured")]
    Open,
}

/// One 32-byte master secret and the keys derived from it.
#[derive(Clone)]
struct KeySet {
    id: String,
    seal: ChaCha20Poly1305,
    index: [u8; 32],
    device: [u8; 32],
}

impl KeySet {
    fn from_master(master: &[u8; 32]) -> Self {
        let derive = |label: &[u8]| -> [u8; 32] {
            let mut mac =
                <Hmac<Sha256> as KeyInit>::new_from_slice(master).expect("any key length");
            mac.update(label);
            mac.finalize().into_bytes().into()
        };
        let id = hex::encode(&Sha256::digest(master)[..4]);
        let seal_key: [u8; 32] = derive(b"kakehashi/seal/v1");
        KeySet {
            id,
            seal: ChaCha20Poly1305::new(&Key::from(seal_key)),
            index: derive(b"kakehashi/index/v1"),
            device: derive(b"kakehashi/device/v1"),
        }
    }
}

/// The keys a server runs with: the current one seals, any configured one opens.
#[derive(Clone)]
pub struct Keys {
    current: KeySet,
    previous: Vec<KeySet>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Keys(current={}, previous={})",
            self.current.id,
            self.previous.len()
        )
    }
}

impl Keys {
    /// Keys from the base64 master secret and, optionally, earlier secrets still needed to
    /// open older data.
    pub fn from_base64(current: &str, previous: &[&str]) -> Result<Keys, KeyError> {
        let parse = |s: &str| -> Result<KeySet, KeyError> {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(s.trim())
                .map_err(|_| KeyError::Encoding)?;
            let master: [u8; 32] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| KeyError::Length(bytes.len()))?;
            Ok(KeySet::from_master(&master))
        };
        Ok(Keys {
            current: parse(current)?,
            previous: previous
                .iter()
                .map(|s| parse(s))
                .collect::<Result<_, _>>()?,
        })
    }

    /// A fresh random master secret, base64-encoded.
    pub fn generate_secret() -> String {
        let bytes: [u8; 32] = rand::random();
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    /// Seals `plain` under the current key: `k<keyid>.<base64(nonce ‖ ciphertext)>`.
    pub fn seal(&self, plain: &str) -> String {
        let nonce = Nonce::generate();
        let sealed = self
            .current
            .seal
            .encrypt(&nonce, plain.as_bytes())
            .expect("encryption of an in-memory buffer cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("k{}.{}", self.current.id, B64.encode(out))
    }

    /// Opens what [`Keys::seal`] produced with whichever configured key sealed it.
    pub fn open(&self, sealed: &str) -> Result<String, KeyError> {
        let (id, body) = sealed
            .strip_prefix('k')
            .and_then(|s| s.split_once('.'))
            .ok_or(KeyError::Open)?;
        let keys = std::iter::once(&self.current).chain(&self.previous);
        let key = keys
            .into_iter()
            .find(|k| k.id == id)
            .ok_or(KeyError::Open)?;
        let bytes = B64.decode(body).map_err(|_| KeyError::Open)?;
        if bytes.len() < 12 {
            return Err(KeyError::Open);
        }
        let (nonce, ciphertext) = bytes.split_at(12);
        let nonce = Nonce::try_from(nonce).map_err(|_| KeyError::Open)?;
        let plain = key
            .seal
            .decrypt(&nonce, ciphertext)
            .map_err(|_| KeyError::Open)?;
        String::from_utf8(plain).map_err(|_| KeyError::Open)
    }

    /// Opens `sealed` with whichever key sealed it and seals it again under the current key.
    pub fn reseal(&self, sealed: &str) -> Result<String, KeyError> {
        self.open(sealed).map(|plain| self.seal(&plain))
    }

    /// Whether `sealed` was sealed by the current key.
    pub fn is_current(&self, sealed: &str) -> bool {
        sealed
            .strip_prefix('k')
            .and_then(|s| s.split_once('.'))
            .is_some_and(|(id, _)| id == self.current.id)
    }

    /// The keyed index of `value` (hex), for equality look-ups without the clear text.
    pub fn index(&self, value: &str) -> String {
        let mut mac =
            <Hmac<Sha256> as KeyInit>::new_from_slice(&self.current.index).expect("any key length");
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

impl Keys {
    /// The tag that vouches for a known device of an account (a device cookie names the
    /// device and carries one tag per account signed in on it): 16 bytes, URL-safe base64.
    pub fn device_tag(&self, device_id: &str, account_key: &str) -> String {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.current.device)
            .expect("any key length");
        mac.update(device_id.as_bytes());
        mac.update(b"\0");
        mac.update(account_key.as_bytes());
        B64.encode(&mac.finalize().into_bytes()[..16])
    }
}

/// SHA-256 of `data`, hex-encoded.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// A random token of 32 bytes, URL-safe base64 (for session cookies and CSRF tokens).
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    B64.encode(bytes)
}

/// Compares two secrets in time independent of where they first differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        Keys::from_base64(&Keys::generate_secret(), &[]).unwrap()
    }

    #[test]
    fn seal_and_open() {
        let k = keys();
        let sealed = k.seal("an@example.vn");
        assert!(!sealed.contains("example"));
        assert_eq!(k.open(&sealed).unwrap(), "an@example.vn");
        assert_ne!(k.seal("same"), k.seal("same"), "a fresh nonce each time");
    }

    #[test]
    fn tampering_and_foreign_keys_are_refused() {
        let k = keys();
        let mut sealed = k.seal("secret");
        // Change the last character (to another one: it may have been an `A` already).
        let last = sealed.pop();
        sealed.push(if last == Some('A') { 'B' } else { 'A' });
        assert_eq!(k.open(&sealed), Err(KeyError::Open));
        assert_eq!(keys().open(&k.seal("x")), Err(KeyError::Open));
    }

    #[test]
    fn rotation_keeps_old_data_readable() {
        let old_secret = Keys::generate_secret();
        let old = Keys::from_base64(&old_secret, &[]).unwrap();
        let sealed = old.seal("old data");
        let new = Keys::from_base64(&Keys::generate_secret(), &[&old_secret]).unwrap();
        assert_eq!(new.open(&sealed).unwrap(), "old data");
        assert!(new.seal("x").starts_with(&format!("k{}.", new.current.id)));
    }

    #[test]
    fn bad_keys_are_explained() {
        assert_eq!(
            Keys::from_base64("short", &[]).unwrap_err(),
            KeyError::Encoding
        );
        assert_eq!(
            Keys::from_base64("c2hvcnQ=", &[]).unwrap_err(),
            KeyError::Length(5)
        );
    }

    #[test]
    fn index_is_stable_and_keyed() {
        let k = keys();
        assert_eq!(k.index("a"), k.index("a"));
        assert_ne!(k.index("a"), keys().index("a"));
    }
}
