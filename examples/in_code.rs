//! The Brussels comparison built with the Rust API alone: no files.
//!
//! Run with `cargo run --example in_code`.

use negdiff::{compare, date, Clause, Modality::*, Position, Source, Strength, Vocabulary};

fn main() -> Result<(), negdiff::Error> {
    let vocab = Vocabulary::new("European security talks, January 2022 (excerpt)")
        .party("russia", "Russia")
        .party("nato", "NATO")
        .entity("PL", "Poland", None)
        .entity("RO", "Romania", None)
        .entity("BG", "Bulgaria", None)
        .entity("EE", "Estonia", None)
        .entity("LV", "Latvia", None)
        .entity("LT", "Lithuania", None)
        .entity("AL", "Albania", None)
        .entity("UA", "Ukraine", None)
        .entity("crimea", "Crimea", Some("UA"))
        .entity("donbas", "Donbas", Some("UA"))
        .entity("GE", "Georgia", None)
        .entity("abkhazia", "Abkhazia", Some("GE"))
        .group("eastern-flank", ["PL", "RO", "BG", "EE", "LV", "LT"])
        .group("joined-after-1997", ["@eastern-flank", "AL"])
        .action("admit-members", None)
        .opposites("deploy-forces", "withdraw-forces", Some("troops"))
        .action("deploy-missiles", Some("km"))
        .action("restore-missions", None)
        .issue("enlargement", "NATO enlargement", ["admit-members"])
        .issue("posture", "Force posture", ["deploy-forces", "withdraw-forces"])
        .issue("missiles", "Intermediate-range missiles", ["deploy-missiles"])
        .issue("channels", "Diplomatic channels", ["restore-missions"]);

    let russia = Position::new("russia", "Brussels, 12 January 2022")
        .dated(date!("2022-01-12"))
        .source(Source::new("stoltenberg-presser", "Stoltenberg press conference").dated(date!("2022-01-12")))
        .clause(
            Clause::new("no-enlargement", "nato", MustNot, "admit-members")
                .at(["UA", "GE"])
                .strength(Strength::RedLine)
                .text("NATO admits no new members, Ukraine and Georgia included")
                .quote(
                    "stoltenberg-presser",
                    "stop admitting any new member to NATO",
                    Some("Jens Stoltenberg"),
                ),
        )
        .clause(
            Clause::new("pull-back", "nato", Must, "withdraw-forces")
                .at(["@joined-after-1997"])
                .strength(Strength::RedLine)
                .text("NATO withdraws forces from the allies that joined after 1997"),
        )
        .clause(
            Clause::new("keep-crimea", "russia", May, "deploy-forces")
                .at(["crimea", "abkhazia"])
                .text("Russia keeps forces in Crimea and Abkhazia"),
        )
        .clause(
            Clause::new("missile-ban", "nato", MustNot, "deploy-missiles")
                .amount(500.0..=5500.0)
                .bearers(["nato", "russia"])
                .text("No land-based missiles of 500 to 5,500 km range where they can reach the other side"),
        )
        .clause(
            Clause::new("missions", "russia", May, "restore-missions")
                .bearers(["nato", "russia"])
                .strength(Strength::Offer)
                .text("The missions and offices may reopen"),
        );

    let nato = Position::new("nato", "Brussels, 12 January 2022")
        .dated(date!("2022-01-12"))
        .clause(
            Clause::new("open-door", "nato", May, "admit-members")
                .strength(Strength::RedLine)
                .text("NATO keeps its door open to any European state"),
        )
        .clause(
            Clause::new("presence", "nato", May, "deploy-forces")
                .at(["@eastern-flank"])
                .strength(Strength::RedLine)
                .text("Allies keep troops in the eastern part of the alliance"),
        )
        .clause(
            Clause::new("russia-out", "russia", Must, "withdraw-forces")
                .at(["UA", "GE"])
                .text("Russia withdraws its forces from Ukraine and Georgia"),
        )
        .clause(
            Clause::new("missile-limits", "nato", NeedNot, "deploy-missiles")
                .bearers(["nato", "russia"])
                .amount(500.0..=5500.0)
                .strength(Strength::Offer)
                .given("russia/missile-ban")
                .text("Reciprocal, verifiable limits on missiles in Europe"),
        )
        .clause(
            Clause::new("missions", "nato", May, "restore-missions")
                .bearers(["nato", "russia"])
                .strength(Strength::Offer)
                .text("The missions and offices may reopen"),
        );

    let report = compare(&vocab, &russia, &nato)?;
    println!("{report}");

    // Programs read the same findings as data: by issue, by kind, each with its witness.
    println!("\nBY ISSUE");
    for (verdict, findings) in report.by_issue() {
        println!("  {}: {} ({} findings)", verdict.title, verdict.verdict, findings.len());
    }
    if let Some(first) = report.conflicts().next() {
        println!("\nthe first conflict, on its own:\n{}", first.display(report.legend()));
        println!("its first witness box, as JSON: {}", serde_json::json!(first.scope[0]));
    }
    Ok(())
}
