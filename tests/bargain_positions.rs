//! The bargaining space of the Brussels positions (12 January 2022).

use negdiff::bargain::{analyze_positions, from_positions, PositionsReport};
use negdiff::{Position, Vocabulary};

/// The example files read through the public loader (one vocabulary, checked once).
fn brussels() -> (Vocabulary, Vec<Position>) {
    let dir = format!("{}/examples/data", env!("CARGO_MANIFEST_DIR"));
    let (vocab, positions) = negdiff::format::load_set(
        &[
            format!("{dir}/russia-2022-01-12-brussels.toml"),
            format!("{dir}/nato-2022-01-12-brussels.toml"),
        ],
        None,
    )
    .unwrap();
    (vocab, positions)
}

fn report() -> PositionsReport {
    let (vocab, positions) = brussels();
    analyze_positions(&vocab, &positions).unwrap()
}

#[test]
fn brussels_has_no_zone_because_of_enlargement() {
    let r = report();
    assert_eq!(r.parties, ["russia", "nato"]);
    assert_eq!(r.zone_size, 0);
    assert!(r.frontier.is_empty() && r.nash.is_empty());
    // Each of Russia's two enlargement red lines against each of NATO's: the open door, and
    // Ukraine's right to choose read as NATO admitting Ukraine.
    let pair = |a: &str, b: &str| vec![a.to_string(), b.to_string()];
    assert_eq!(
        r.blocking_red_lines,
        vec![
            pair("russia/art6-no-enlargement", "nato/open-door"),
            pair("russia/art6-no-enlargement", "nato/right-to-choose"),
            pair("russia/no-post-soviet-members", "nato/open-door"),
            pair("russia/no-post-soviet-members", "nato/right-to-choose"),
        ]
    );
    // Eastern presence clashes only with a demand (art4), and Crimea only with a demand.
    assert!(!r
        .blocking_red_lines
        .concat()
        .iter()
        .any(|c| c == "nato/eastern-presence"));
    assert_eq!(
        r.relaxations,
        vec![
            pair("russia/art6-no-enlargement", "russia/no-post-soviet-members"),
            pair("nato/open-door", "nato/right-to-choose"),
        ]
    );
    assert_eq!(r.smallest_relaxation, r.relaxations[0]);
    assert!(r.relaxation_exact);
    assert!(!r.frontier_full.is_empty());
}

#[test]
fn brussels_relaxed_nash_keeps_the_reciprocal_missile_limits() {
    let r = report();
    let nash = r.nash_if_relaxed.first().expect("a zone once the open door is relaxed");
    for term in [
        "nato must not deploy-missiles in all europe (37 + 5 parts); amount 500 to 5500",
        "russia must not deploy-missiles in all europe (37 + 5 parts); amount 500 to 5500",
        "nato may but need not deploy-forces in all eastern-flank (9)",
        "russia may but need not deploy-forces in Crimea",
        "nato may but need not admit-members in all of Ukraine",
    ] {
        assert!(
            nash.terms.iter().any(|t| t == term),
            "{term} missing from {:#?}",
            nash.terms
        );
    }
    assert!(nash.utilities.iter().all(|u| (0.0..=1.0).contains(u)));
}

#[test]
fn brussels_space_and_json_shape() {
    let (vocab, positions) = brussels();
    let b = from_positions(&vocab, &positions).unwrap();
    assert_eq!(b.points.len(), 40);
    assert_eq!(b.points.iter().filter(|p| !p.contested).count(), 2);
    assert_eq!(b.scenario.space().issues().len(), 40);
    let settled: Vec<&str> = b
        .points
        .iter()
        .filter(|p| !p.contested)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(settled, ["russia/restore-missions", "nato/restore-missions"]);
    let j = serde_json::to_value(report()).unwrap();
    for key in [
        "zone_size",
        "disagreement",
        "frontier",
        "frontier_full",
        "nash",
        "kalai_smorodinsky",
        "max_welfare",
        "blocking_red_lines",
        "smallest_relaxation",
    ] {
        assert!(j.get(key).is_some(), "{key}");
    }
    let p = &j["frontier_full"][0];
    assert!(p["utilities"].is_array() && p["outcome"].is_object());
    let text = report().to_string();
    assert!(text.contains("zone of agreement: none"));
    assert!(text.contains("russia/art6-no-enlargement + nato/open-door"));
}

mod props {
    use negdiff::bargain::{from_positions, AnalysisOptions, PositionBargain};
    use negdiff::{Clause, Modality, Position, Strength, Vocabulary};
    use proptest::prelude::*;

    const PLACES: [&str; 3] = ["X", "Y", "Z"];

    fn vocab() -> Vocabulary {
        Vocabulary::new("p")
            .party("a", "A")
            .party("b", "B")
            .party("c", "C")
            .entity("X", "X", None)
            .entity("Y", "Y", None)
            .entity("Z", "Z", None)
            .opposites("go", "stay", None)
            .issue("i", "I", ["go", "stay"])
    }

    /// (bearer, modality, action, places mask, red line)
    type Spec = (usize, usize, bool, u8, bool);

    fn clause_spec() -> impl Strategy<Value = Spec> {
        (0usize..2, 0usize..4, any::<bool>(), 1u8..8, prop::bool::weighted(0.6))
    }

    fn positions(specs: &[Vec<Spec>]) -> Vec<Position> {
        specs
            .iter()
            .enumerate()
            .map(|(pi, cs)| {
                let party = ["a", "b", "c"][pi];
                cs.iter()
                    .enumerate()
                    .fold(Position::new(party, party), |p, (ci, &(b, m, opp, mask, red))| {
                        let places: Vec<&str> = (0..3).filter(|k| mask & (1 << k) != 0).map(|k| PLACES[k]).collect();
                        let c = Clause::new(
                            format!("c{ci}"),
                            ["a", "b"][b],
                            Modality::ALL[m],
                            if opp { "stay" } else { "go" },
                        )
                        .at(places)
                        .strength(if red { Strength::RedLine } else { Strength::Demand });
                        p.clause(c)
                    })
            })
            .collect()
    }

    fn subsets(n: usize) -> impl Iterator<Item = Vec<usize>> {
        (0u32..(1 << n)).map(move |m| (0..n).filter(|i| m & (1 << i) != 0).collect())
    }

    fn active(set: &[usize]) -> impl Fn(usize) -> bool + '_ {
        move |i| set.contains(&i)
    }

    fn check(b: &PositionBargain) {
        let n = b.red_lines.len();
        let all: Vec<usize> = (0..n).collect();
        let blocking = b.blocking_sets();
        // Each blocking set leaves no zone, and removing any member makes the rest feasible.
        for s in &blocking {
            assert!(!b.feasible(active(s)), "{s:?} should block");
            for k in 0..s.len() {
                let mut rest = s.clone();
                rest.remove(k);
                assert!(b.feasible(active(&rest)), "{s:?} is not minimal");
            }
        }
        // They are all the minimal infeasible sets.
        let minimal: Vec<Vec<usize>> = subsets(n)
            .filter(|s| !b.feasible(active(s)))
            .filter(|s| {
                (0..s.len()).all(|k| {
                    let mut rest = s.clone();
                    rest.remove(k);
                    b.feasible(active(&rest))
                })
            })
            .collect();
        let mut sorted = blocking.clone();
        sorted.sort();
        let mut minimal_sorted = minimal;
        minimal_sorted.sort();
        assert_eq!(sorted, minimal_sorted);
        assert_eq!(b.feasible(active(&all)), blocking.is_empty());
        // Relaxing the smallest relaxation opens a zone, and nothing smaller does.
        let r = b.analyze().unwrap();
        assert_eq!(r.zone_size == 0, !blocking.is_empty());
        let relax: Vec<usize> = r
            .smallest_relaxation
            .iter()
            .filter_map(|c| b.red_lines.iter().position(|rl| &rl.clause == c))
            .collect();
        assert_eq!(relax.len(), r.smallest_relaxation.len());
        let kept: Vec<usize> = all.iter().copied().filter(|i| !relax.contains(i)).collect();
        assert!(b.feasible(active(&kept)));
        for s in subsets(n).filter(|s| s.len() < relax.len()) {
            let kept: Vec<usize> = all.iter().copied().filter(|i| !s.contains(i)).collect();
            assert!(!b.feasible(active(&kept)), "relaxing {s:?} already opens a zone");
        }
        // Packages in the zone respect every red line; the Nash package is on the frontier.
        for p in r.frontier.iter().chain(&r.nash) {
            assert!(p.utilities.iter().all(|u| (-1e-12..=1.0 + 1e-12).contains(u)));
        }
        assert!(r.nash.iter().all(|n| r.frontier.contains(n)));
        assert_eq!(r.frontier.is_empty(), r.zone_size == 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn blocking_sets_are_the_minimal_infeasible_sets(
            specs in prop::collection::vec(prop::collection::vec(clause_spec(), 1..4), 2..4)
        ) {
            let b = from_positions(&vocab(), &positions(&specs)).unwrap();
            prop_assume!(b.red_lines.len() <= 10);
            check(&b);
        }

        #[test]
        fn split_and_merge_equals_enumeration(
            specs in prop::collection::vec(prop::collection::vec(clause_spec(), 1..5), 2..4),
            cap in 0usize..8,
        ) {
            // Packages are named by their options on the split path (an index may not fit)
            // and by their index when enumerated: both give the same report.
            let b = from_positions(&vocab(), &positions(&specs)).unwrap();
            prop_assume!(b.scenario.space().cardinality() <= 50_000);
            let with = |enumeration_limit| {
                let options = AnalysisOptions { enumeration_limit, max_frontier: cap, ..AnalysisOptions::default() };
                b.analyze_with(&options).unwrap()
            };
            prop_assert_eq!(with(0), with(u64::MAX));
        }
    }
}

/// `n` contested points of equal weight: `a` demands `must act_i`, `b` demands `must-not act_i`.
fn contested(n: usize) -> negdiff::bargain::PositionBargain {
    use negdiff::{Clause, Modality};
    let mut v = Vocabulary::new("t").party("a", "A").party("b", "B");
    let (mut a, mut b) = (Position::new("a", "A"), Position::new("b", "B"));
    let acts: Vec<String> = (0..n).map(|i| format!("act{i}")).collect();
    for (i, act) in acts.iter().enumerate() {
        v = v.action(act.as_str(), None);
        a = a.clause(Clause::new(format!("c{i}"), "a", Modality::Must, act.as_str()));
        b = b.clause(Clause::new(format!("c{i}"), "a", Modality::MustNot, act.as_str()));
    }
    let v = v.issue("all", "All", acts.iter().map(String::as_str));
    from_positions(&v, &[a, b]).unwrap()
}

#[test]
fn sixty_four_and_two_hundred_contested_points_are_split_and_merged() {
    // 3^64 and 3^200 packages: past any u64, counted exactly, and analysed from the points'
    // frontiers (each of 2 packages that matter), so the work is a few thousand sums.
    for (n, packages) in [
        (64, "3433683820292512484657849089281"),
        (
            200,
            "265613988875874769338781322035779626829233452653394495974574961739092490901302182994384699044001",
        ),
    ] {
        let b = contested(n);
        assert_eq!(b.scenario.space().cardinality(), u64::MAX);
        assert!(!b.scenario.space().fits_u64());
        assert_eq!(b.scenario.space().cardinality_exact(), packages);
        let r = b.analyze().unwrap();
        assert_eq!(r.zone_size, u64::MAX);
        assert_eq!(r.zone_size_exact, packages);
        // The frontier: k of the n points go a's way and the rest b's, for k = n down to 0.
        assert_eq!(r.frontier_full_size, n as u64 + 1);
        assert_eq!(r.frontier_size, n as u64 + 1);
        assert_eq!(r.frontier.len(), 100.min(n + 1));
        // Each point's term is on a 2^-50 grid, so a sum of n of them is within n·2^-51 of 1.
        let near = |u: &[f64], want: [f64; 2]| u.iter().zip(want).all(|(u, w)| (u - w).abs() < 1e-12);
        let first = &r.frontier[0];
        assert!(near(&first.utilities, [1.0, 0.0]), "{:?}", first.utilities);
        assert_eq!(first.outcome_index, u64::MAX);
        // The representative is the lowest package: `obliged` everywhere (option 0 of each
        // point is `obliged`, 1 `forbidden`, 2 `none`).
        assert!(first.outcome.entries().iter().all(|(_, o)| o.to_string() == "obliged"));
        let last = r.frontier.last().unwrap();
        assert!(near(&last.utilities, [0.0, 1.0]), "{:?}", last.utilities);
        assert!(last.outcome.entries().iter().all(|(_, o)| o.to_string() == "forbidden"));
        // Nash splits the points evenly; every even split ties, and the first listed gives a
        // the first half.
        let nash = &r.nash[0];
        assert!(
            nash.utilities.iter().all(|u| (u - 0.5).abs() < 1e-12),
            "{:?}",
            nash.utilities
        );
        assert_eq!(r.nash.len(), 1);
        let obliged = nash
            .outcome
            .entries()
            .iter()
            .filter(|(_, o)| o.to_string() == "obliged")
            .count();
        assert_eq!(obliged, n / 2);
        assert_eq!(nash.terms.len(), n);
        let text = r.to_string();
        assert!(
            text.contains(&format!("zone of agreement: {packages} packages")),
            "{text}"
        );
        // The JSON keeps `zone_size` a number and adds the exact count.
        let j = serde_json::to_value(&r).unwrap();
        assert_eq!(j["zone_size"], u64::MAX);
        assert_eq!(j["zone_size_exact"], packages);
    }
}

#[test]
fn two_positions_of_one_party_are_refused() {
    let (v, ps) = brussels();
    let twice = [ps[0].clone(), ps[0].clone()];
    let e = negdiff::bargain::analyze_positions(&v, &twice).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the set of positions has 1 problem: [1].party: duplicate party (also position 0) `russia`"
    );
}

/// A vocabulary where admitting members can only happen among non-members and launchers come
/// whole from 0, with Ukraine's joining the converse of the alliance admitting it.
fn domains() -> (Vocabulary, Vec<Position>) {
    use negdiff::{Clause, Modality::*, Strength};
    let v = Vocabulary::new("domains")
        .party("russia", "Russia")
        .party("nato", "NATO")
        .party("ukraine", "Ukraine")
        .territory("ukraine", "UA")
        .entity("UA", "Ukraine", None)
        .entity("GE", "Georgia", None)
        .entity("PL", "Poland", None)
        .entity("RU", "Russia", None)
        .group("non-members", ["UA", "GE"])
        .action("admit-members", None)
        .applies_to("admit-members", ["@non-members"])
        .converse("join-alliance", "admit-members", "nato")
        .action("deploy-launchers", Some("launchers"))
        .amount_domain("deploy-launchers", Some(0.0), Some(500.0), true)
        .issue("enlargement", "Enlargement", ["admit-members"])
        .issue("arms", "Arms", ["deploy-launchers"]);
    let mut russia = Position::new("russia", "draft");
    russia.clauses = vec![
        Clause::new("no-enlargement", "nato", MustNot, "admit-members").strength(Strength::RedLine),
        Clause::new("few-launchers", "nato", MustNot, "deploy-launchers").amount(40.5..),
    ];
    let mut nato = Position::new("nato", "reply");
    nato.clauses = vec![
        Clause::new("open-door", "ukraine", May, "join-alliance").strength(Strength::RedLine),
        Clause::new("launchers", "nato", May, "deploy-launchers").amount(..=100.0),
    ];
    (v, vec![russia, nato])
}

#[test]
fn no_package_talks_about_places_or_amounts_outside_the_domain() {
    let (v, ps) = domains();
    let r = analyze_positions(&v, &ps).unwrap();
    let inside = ["UA", "GE"];
    for p in &r.points {
        for b in &p.region {
            if &*p.action == "admit-members" {
                assert!(b.places.iter().all(|x| inside.contains(&&**x)), "{p:#?}");
            }
            if let Some(a) = b.amount {
                let (lo, hi) = (a.min.unwrap(), a.max.unwrap());
                assert!(lo >= 0.0 && hi <= 500.0 && a.min_inclusive && a.max_inclusive, "{p:#?}");
                assert!(lo.fract() == 0.0 && hi.fract() == 0.0, "{p:#?}");
            }
        }
        assert!(
            !p.region_text.contains("Poland") && !p.region_text.contains("elsewhere"),
            "{p:#?}"
        );
        assert!(!p.region_text.contains('∞') && !p.region_text.contains("-"), "{p:#?}");
    }
    // Ukraine's open door (a converse) meets Russia's ban on one point: the red lines clash.
    assert_eq!(
        r.blocking_red_lines,
        vec![vec!["russia/no-enlargement".to_string(), "nato/open-door".to_string()]]
    );
    let terms: Vec<&String> = r.nash_if_relaxed.iter().flat_map(|p| &p.terms).collect();
    assert!(!terms.is_empty());
    for t in terms {
        assert!(
            !t.contains("Poland") && !t.contains("elsewhere") && !t.contains('∞'),
            "{t}"
        );
    }
}
