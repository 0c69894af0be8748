//! Password hashes: argon2id in PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`).
//!
//! One hash takes about 19 MiB and tens of milliseconds of a core, so the whole process runs at
//! most [`MAX_CONCURRENT_HASHES`] of them at once. A caller that cannot get a slot within
//! [`HASH_WAIT`] gets [`AuthError::Busy`] instead of queueing behind a flood of log-ins; the
//! memory used by hashing therefore stays below `MAX_CONCURRENT_HASHES × 19 MiB`.

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use argon2::password_hash::Error as HashError;
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordHasher, PasswordVerifier, Version};

use super::AuthError;

/// How many hashes (new or verified) may run at once in the whole process.
pub const MAX_CONCURRENT_HASHES: usize = 2;

/// How long a caller waits for a free hashing slot before [`AuthError::Busy`].
pub const HASH_WAIT: Duration = Duration::from_secs(3);

/// Longest password accepted at all, in bytes. The password policy allows far less
/// (256 characters); this only keeps absurd inputs away from the hasher.
pub const MAX_PASSWORD_BYTES: usize = 4096;

/// Memory cost of new hashes in KiB (19 MiB), passes and lanes: the usual argon2id settings
/// for interactive log-in. Written out rather than taken from the crate's defaults so that an
/// upgrade of the crate cannot change them silently.
const M_COST_KIB: u32 = 19 * 1024;
const T_COST: u32 = 2;
const P_COST: u32 = 1;
const OUTPUT_LEN: usize = 32;
const SALT_LEN: usize = 16;

/// Stored hashes with larger costs than these are refused rather than run: a damaged or
/// planted record must not make one log-in allocate gigabytes or spin for minutes.
const MAX_M_COST_KIB: u32 = 256 * 1024;
const MAX_T_COST: u32 = 16;
const MAX_P_COST: u32 = 8;

/// A hash with today's parameters of a password nobody knows. Verifying against it costs the
/// same as verifying a real account's hash, which is what [`verify_dummy`] is for.
const DUMMY_PHC: &str = "$argon2id$v=19$m=19456,t=2,p=1$u8WYLru6iIuaI616X1hiUQ$opjAu9UNUUer4t3NarkdjQ0ral/0Hha4FCkGWzemxHk";

static SLOTS: Slots = Slots::new(MAX_CONCURRENT_HASHES);

/// Hashes a new password with argon2id and a fresh random salt; returns the PHC string to store.
///
/// The caller checks the password policy first. Errors: [`AuthError::Busy`] when every hashing
/// slot stayed taken for [`HASH_WAIT`], [`AuthError::TooLong`], [`AuthError::Random`].
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AuthError::TooLong);
    }
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut salt).map_err(|e| AuthError::Random(e.to_string()))?;
    let params = current_params()?;
    let _slot = SLOTS.acquire(HASH_WAIT)?;
    let hash = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map_err(|e| AuthError::Hash(e.to_string()))?;
    Ok(hash.to_string())
}

/// Checks `password` against a stored PHC string: `Ok(true)` if it matches, `Ok(false)` if not.
///
/// The stored hash's own parameters are used (so older hashes keep working; see
/// [`needs_rehash`]). Errors: [`AuthError::Busy`] (answer "try again", not "wrong password"),
/// and [`AuthError::Hash`] for a stored string that is not a hash we are willing to run.
pub fn verify_password(password: &str, phc: &str) -> Result<bool, AuthError> {
    // Nobody can have set such a password; refusing it early reveals nothing about the account.
    if password.len() > MAX_PASSWORD_BYTES {
        return Ok(false);
    }
    let parsed =
        PasswordHash::new(phc).map_err(|e| AuthError::Hash(format!("unreadable hash: {e}")))?;
    let params = supported_params(&parsed)?;
    let _slot = SLOTS.acquire(HASH_WAIT)?;
    match Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .verify_password(password.as_bytes(), &parsed)
    {
        Ok(()) => Ok(true),
        Err(HashError::PasswordInvalid) => Ok(false),
        Err(e) => Err(AuthError::Hash(e.to_string())),
    }
}

/// Does the work of [`verify_password`] against a hash nobody has the password for and always
/// answers `Ok(false)`. Call it when the e-mail given at log-in belongs to no account, so the
/// answer takes as long as a wrong password for an existing one. It takes a hashing slot like a
/// real verification, so it can also answer [`AuthError::Busy`].
pub fn verify_dummy(password: &str) -> Result<bool, AuthError> {
    verify_password(password, DUMMY_PHC).map(|_| false)
}

/// True when a stored hash was made with other settings than new hashes get (or cannot be
/// read): after a successful log-in, hash the password again and store the new string.
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return true;
    };
    parsed.algorithm.as_str() != Algorithm::Argon2id.as_str()
        || parsed.version != Some(Version::V0x13 as u32)
        || params.m_cost() != M_COST_KIB
        || params.t_cost() != T_COST
        || params.p_cost() != P_COST
        || params.output_len() != Some(OUTPUT_LEN)
}

fn current_params() -> Result<Params, AuthError> {
    Params::new(M_COST_KIB, T_COST, P_COST, Some(OUTPUT_LEN))
        .map_err(|e| AuthError::Hash(e.to_string()))
}

/// The parameters of a stored hash, if it is argon2id (v19) within our cost bounds.
fn supported_params(parsed: &PasswordHash) -> Result<Params, AuthError> {
    if parsed.algorithm.as_str() != Algorithm::Argon2id.as_str() {
        return Err(AuthError::Hash(format!(
            "unsupported algorithm {}",
            parsed.algorithm.as_str()
        )));
    }
    if parsed.version.is_some_and(|v| v != Version::V0x13 as u32) {
        return Err(AuthError::Hash("unsupported argon2 version".into()));
    }
    let params = Params::try_from(parsed).map_err(|e| AuthError::Hash(e.to_string()))?;
    if params.m_cost() > MAX_M_COST_KIB
        || params.t_cost() > MAX_T_COST
        || params.p_cost() > MAX_P_COST
    {
        return Err(AuthError::Hash(format!(
            "refusing costs m={} t={} p={}",
            params.m_cost(),
            params.t_cost(),
            params.p_cost()
        )));
    }
    Ok(params)
}

/// A counting semaphore whose waiters give up after a while.
struct Slots {
    free: Mutex<usize>,
    returned: Condvar,
}

impl Slots {
    const fn new(count: usize) -> Slots {
        Slots {
            free: Mutex::new(count),
            returned: Condvar::new(),
        }
    }

    fn acquire(&self, wait: Duration) -> Result<Slot<'_>, AuthError> {
        let deadline = Instant::now() + wait;
        let mut free = self.free.lock().unwrap_or_else(PoisonError::into_inner);
        while *free == 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(AuthError::Busy);
            }
            free = self
                .returned
                .wait_timeout(free, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *free -= 1;
        Ok(Slot(self))
    }
}

/// Gives the slot back when dropped, also when hashing panics.
struct Slot<'a>(&'a Slots);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.0.returned.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::thread;

    #[test]
    fn hash_then_verify() {
        let phc = hash_password("zielona łąka nad Wisłą").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert_eq!(verify_password("zielona łąka nad Wisłą", &phc), Ok(true));
        assert_eq!(verify_password("zielona laka nad Wisla", &phc), Ok(false));
        assert_eq!(verify_password("", &phc), Ok(false));
        assert!(!needs_rehash(&phc));
    }

    #[test]
    fn the_same_password_gets_a_different_salt_each_time() {
        let a = hash_password("kasztanowiec-2024").unwrap();
        let b = hash_password("kasztanowiec-2024").unwrap();
        assert_ne!(a, b);
        assert_eq!(verify_password("kasztanowiec-2024", &b), Ok(true));
    }

    #[test]
    fn dummy_never_matches_and_has_todays_parameters() {
        assert!(!needs_rehash(DUMMY_PHC));
        assert_eq!(verify_dummy("cokolwiek"), Ok(false));
        assert_eq!(verify_dummy(""), Ok(false));
    }

    #[test]
    fn over_long_passwords() {
        let long = "x".repeat(MAX_PASSWORD_BYTES + 1);
        assert_eq!(hash_password(&long), Err(AuthError::TooLong));
        assert_eq!(verify_password(&long, DUMMY_PHC), Ok(false));
        assert_eq!(verify_dummy(&long), Ok(false));
    }

    #[test]
    fn refuses_broken_foreign_and_costly_hashes() {
        for bad in [
            "",
            "haslo",
            "$argon2id$v=19$m=19456,t=2,p=1$",
            // argon2i, a different algorithm
            "$argon2i$v=19$m=19456,t=2,p=1$u8WYLru6iIuaI616X1hiUQ$opjAu9UNUUer4t3NarkdjQ0ral/0Hha4FCkGWzemxHk",
            // 4 GiB of memory
            "$argon2id$v=19$m=4194304,t=2,p=1$u8WYLru6iIuaI616X1hiUQ$opjAu9UNUUer4t3NarkdjQ0ral/0Hha4FCkGWzemxHk",
            "$argon2id$v=19$m=19456,t=1000,p=1$u8WYLru6iIuaI616X1hiUQ$opjAu9UNUUer4t3NarkdjQ0ral/0Hha4FCkGWzemxHk",
        ] {
            assert!(
                matches!(verify_password("cokolwiek", bad), Err(AuthError::Hash(_))),
                "{bad}"
            );
            assert!(needs_rehash(bad), "{bad}");
        }
    }

    #[test]
    fn older_parameters_still_verify_and_ask_for_a_rehash() {
        let cheap = Params::new(1024, 1, 1, Some(OUTPUT_LEN)).unwrap();
        let phc = Argon2::new(Algorithm::Argon2id, Version::V0x13, cheap)
            .hash_password_with_salt(b"stare-haslo-z-2020", b"0123456789abcdef")
            .unwrap()
            .to_string();
        assert!(needs_rehash(&phc));
        assert_eq!(verify_password("stare-haslo-z-2020", &phc), Ok(true));
        assert_eq!(verify_password("stare-haslo-z-2021", &phc), Ok(false));
    }

    #[test]
    fn slots_bound_concurrency_and_time_out() {
        let slots = Slots::new(2);
        let a = slots.acquire(Duration::ZERO).unwrap();
        let _b = slots.acquire(Duration::ZERO).unwrap();
        assert_eq!(slots.acquire(Duration::ZERO).err(), Some(AuthError::Busy));
        let started = Instant::now();
        assert_eq!(
            slots.acquire(Duration::from_millis(30)).err(),
            Some(AuthError::Busy)
        );
        assert!(started.elapsed() >= Duration::from_millis(30));
        drop(a);
        assert!(slots.acquire(Duration::ZERO).is_ok());
    }

    #[test]
    fn a_waiter_gets_the_slot_when_it_is_given_back() {
        let slots = Arc::new(Slots::new(1));
        let held = slots.acquire(Duration::ZERO).unwrap();
        let waiter = {
            let slots = Arc::clone(&slots);
            thread::spawn(move || slots.acquire(Duration::from_secs(10)).is_ok())
        };
        thread::sleep(Duration::from_millis(20));
        drop(held);
        assert!(waiter.join().unwrap());
    }

    #[test]
    fn a_panic_while_hashing_gives_the_slot_back() {
        let slots = Slots::new(1);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _slot = slots.acquire(Duration::ZERO).unwrap();
            panic!("hashing failed");
        }));
        assert!(result.is_err());
        assert!(slots.acquire(Duration::ZERO).is_ok());
    }

    /// Not a check: prints how long one hash takes in this build
    /// (`cargo test --lib auth -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn time_one_hash() {
        let _ = hash_password("rozgrzewka-przed-pomiarem").unwrap();
        let rounds = 10u32;
        let started = Instant::now();
        for _ in 0..rounds {
            hash_password("pomiar-czasu-skrotu").unwrap();
        }
        eprintln!("one argon2id hash: {:?}", started.elapsed() / rounds);
    }
}
