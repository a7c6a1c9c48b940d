//! The direction rules: the role a clause has for each bearer (ask or give), the delta of a
//! field (more, less, both, same) and the table that turns a delta between roles into a
//! concession, a hardening, mixed or neutral (the tables in the module docs of `evolve`).

use std::collections::BTreeSet;

use super::{ClauseRole, Direction};
use crate::model::{Clause, Interval, Modality, Strength};

/// What a clause is to the party, for one bearer: something it asks or claims, or something
/// it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Ask,
    Give,
}

/// How a field moved for one bearer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delta {
    Same,
    More,
    Less,
    Both,
}

/// The role of a clause for one of its bearers, seen by `party`.
pub(crate) fn role(clause: &Clause, bearer: &str, party: &str) -> Role {
    if clause.strength == Strength::Offer || (bearer == party && clause.modality.is_obligation()) {
        Role::Give
    } else {
        Role::Ask
    }
}

/// What a clause is to `party`: the same noun for every bearer, or reciprocal.
pub(crate) fn clause_role(clause: &Clause, party: &str) -> ClauseRole {
    let noun = |b: &String| {
        if clause.strength == Strength::Offer {
            ClauseRole::Offer
        } else if !clause.modality.is_obligation() {
            ClauseRole::Claim
        } else if b == party {
            ClauseRole::Commitment
        } else {
            ClauseRole::Demand
        }
    };
    let mut nouns = clause.bearer.iter().map(noun);
    let first = nouns.next().unwrap_or(ClauseRole::Claim);
    if nouns.all(|n| n == first) {
        first
    } else {
        ClauseRole::Reciprocal
    }
}

/// The direction of a delta given the roles before and after (the table in the module docs).
pub(crate) fn direct(before: Role, after: Role, delta: Delta) -> Direction {
    match (before, after, delta) {
        (_, _, Delta::Same) => Direction::Neutral,
        (Role::Ask, Role::Give, _) => Direction::Concession,
        (Role::Give, Role::Ask, _) => Direction::Hardening,
        (_, _, Delta::Both) => Direction::Mixed,
        (Role::Ask, Role::Ask, Delta::More) | (Role::Give, Role::Give, Delta::Less) => Direction::Hardening,
        (Role::Ask, Role::Ask, Delta::Less) | (Role::Give, Role::Give, Delta::More) => Direction::Concession,
    }
}

/// How a normalised modality moved: tightened (permission → obligation), softened, reversed.
pub(crate) fn modality_delta(before: Modality, after: Modality) -> Delta {
    if before == after {
        Delta::Same
    } else {
        match (before.is_obligation(), after.is_obligation()) {
            (false, true) => Delta::More,
            (true, false) => Delta::Less,
            _ => Delta::Both,
        }
    }
}

pub(crate) fn set_delta<T: Ord>(before: &BTreeSet<T>, after: &BTreeSet<T>) -> Delta {
    let grew = after.difference(before).next().is_some();
    let shrank = before.difference(after).next().is_some();
    match (grew, shrank) {
        (false, false) => Delta::Same,
        (true, false) => Delta::More,
        (false, true) => Delta::Less,
        (true, true) => Delta::Both,
    }
}

pub(crate) fn interval_delta<T: crate::model::Point>(before: &Interval<T>, after: &Interval<T>) -> Delta {
    if before == after {
        Delta::Same
    } else if after.covers(before) {
        Delta::More
    } else if before.covers(after) {
        Delta::Less
    } else {
        Delta::Both
    }
}

pub(crate) fn strength_rank(s: Strength) -> usize {
    Strength::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::*;

    fn c(bearer: &str, m: Modality) -> Clause {
        Clause::new("c", bearer, m, "act")
    }

    #[test]
    fn roles_follow_the_bearer_and_the_strength() {
        assert_eq!(role(&c("other", Modality::Must), "other", "me"), Role::Ask);
        assert_eq!(role(&c("other", Modality::May), "other", "me"), Role::Ask);
        assert_eq!(role(&c("me", Modality::May), "me", "me"), Role::Ask);
        assert_eq!(role(&c("me", Modality::MustNot), "me", "me"), Role::Give);
        let offer = c("other", Modality::May).strength(Strength::Offer);
        assert_eq!(role(&offer, "other", "me"), Role::Give);
    }

    #[test]
    fn the_direction_table() {
        use Delta::*;
        use Role::*;
        assert_eq!(direct(Ask, Ask, More), Hardening);
        assert_eq!(direct(Ask, Ask, Less), Concession);
        assert_eq!(direct(Ask, Ask, Both), Mixed);
        assert_eq!(direct(Give, Give, More), Concession);
        assert_eq!(direct(Give, Give, Less), Hardening);
        assert_eq!(direct(Give, Give, Both), Mixed);
        assert_eq!(direct(Ask, Give, More), Concession);
        assert_eq!(direct(Give, Ask, Less), Hardening);
        for r in [Ask, Give] {
            for s in [Ask, Give] {
                assert_eq!(direct(r, s, Same), Neutral);
            }
        }
    }

    #[test]
    fn modality_deltas() {
        use Modality::*;
        assert_eq!(modality_delta(Must, May), Delta::Less);
        assert_eq!(modality_delta(MustNot, May), Delta::Less);
        assert_eq!(modality_delta(NeedNot, MustNot), Delta::More);
        assert_eq!(modality_delta(Must, MustNot), Delta::Both);
        assert_eq!(modality_delta(May, NeedNot), Delta::Both);
        assert_eq!(modality_delta(May, May), Delta::Same);
    }

    #[test]
    fn combining_directions() {
        assert_eq!(Direction::combine([]), Neutral);
        assert_eq!(Direction::combine([Neutral, Concession, Concession]), Concession);
        assert_eq!(Direction::combine([Concession, Hardening]), Mixed);
        assert_eq!(Direction::combine([Mixed, Neutral]), Mixed);
    }
}
