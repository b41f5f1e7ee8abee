//! The shipped fixtures hold what they promise: the reference files carry DOMAIN.md's figures, the
//! demo households and the generated ones are valid requests (JSON Schema and parser agree), and each
//! bad request is refused, naming what is wrong.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use guichet_core::household::Minimum;
use guichet_core::reference::Window;
use guichet_core::{Cents, Reference, demo, request};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// The files of a fixture folder with the given extension, sorted by name.
fn files(folder: &str, extension: &str) -> Vec<PathBuf> {
    let dir = fixtures().join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    paths.sort();
    paths
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn name(path: &Path) -> String {
    path.file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("an ISO date")
}

/// The request schema, with formats checked (so that `2019-02-30` is not a date).
fn schema() -> jsonschema::Validator {
    let path = fixtures().join("schema/household-request.schema.json");
    let schema: Value = serde_json::from_str(&read(&path)).expect("the schema is JSON");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

/// The schema's complaints about `value`, one line each, with where they are.
fn schema_errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reference files

#[test]
fn each_reference_file_carries_the_voted_figures_of_its_year() {
    let paths = files("reference", "toml");
    let years: Vec<String> = paths.iter().map(|p| name(p)).collect();
    assert_eq!(years, ["2025.toml", "2026.toml", "2027.toml"]);
    for path in paths {
        let text = read(&path);
        assert!(
            text.starts_with('#'),
            "{}: a reference file starts with a comment saying what it is",
            name(&path)
        );
        let r =
            Reference::from_toml_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let year: i32 = path.file_stem().unwrap().to_str().unwrap().parse().unwrap();
        assert_eq!(r.year, year, "{}", name(&path));
        assert_eq!(r.version().year, year);
        assert_eq!(r.version().digest.len(), 64);

        let euros = |e: i64| Cents(e * 100);
        assert_eq!(
            r.quotient_familial.tranche_upper_bounds_cents,
            [450, 650, 850, 1_100, 1_450, 1_900, 2_500].map(euros),
        );
        assert_eq!(r.tranche_count(), 8);
        assert_eq!(r.parts.parents_quarters, 8);
        assert_eq!(r.parts.child_quarters_by_rank, [2, 2, 4]);
        assert_eq!(r.parts.further_child_quarters, 2);
        assert_eq!(r.parts.disability_bonus_quarters, 2);
        assert_eq!(r.dependent_child.under_age, 21);
        assert_eq!(r.dependent_child.student_under_age, 25);
        assert_eq!(r.documents.max_age_months, 3);
        assert_eq!(r.documents.postcode, "92500");

        let summer = Window {
            start: date(&format!("{year}-06-01")),
            end: date(&format!("{year}-09-15")),
        };
        let s = &r.schemes;
        let pl = &s.pass_loisirs;
        assert_eq!(
            (
                pl.amount_cents,
                pl.min_age,
                pl.max_age,
                pl.max_tranche,
                pl.window
            ),
            (euros(80), 3, 17, 3, None)
        );
        assert_eq!(pl.budget_cents, euros(215_000));
        assert_eq!(s.cap_loisirs.amount_cents, euros(80));
        assert_eq!(
            s.cap_loisirs.minima,
            [Minimum::Rsa, Minimum::Ass, Minimum::Aah]
        );
        assert_eq!(s.cap_loisirs.budget_cents, euros(26_000));
        let ks = &s.school_kit;
        assert_eq!(
            (ks.min_age, ks.max_age, ks.max_tranche, ks.window),
            (6, 18, 2, summer)
        );
        assert_eq!((ks.budget_kits, ks.certificate_from_age), (1_500, 16));
        assert_eq!(
            ks.items, KIT_ITEMS,
            "the 19 supplies of DOMAIN.md, as written"
        );
        let lr = &s.lire_a_rueil;
        assert_eq!(
            (
                lr.amount_cents,
                lr.min_age,
                lr.max_age,
                lr.max_tranche,
                lr.window
            ),
            (euros(15), 6, 18, 2, Some(summer))
        );
        assert_eq!(lr.budget_cents, euros(25_000));
        let am = &s.amethyste;
        assert_eq!(
            (am.senior_age, am.retired_unfit_age, am.disability_age),
            (65, 60, 20)
        );
        assert_eq!((am.disability_min_rate, am.residence_years), (80, 1));
        assert_eq!(
            (am.income_tax_limit_cents, am.income_tax_limit_couple_cents),
            (euros(650), euros(800))
        );
        let mf = &s.family_medal;
        assert_eq!((mf.min_children, mf.eldest_min_age), (4, 16));
        for label in [
            &pl.label,
            &s.cap_loisirs.label,
            &ks.label,
            &lr.label,
            &am.label,
            &mf.label,
        ] {
            assert!(
                !label.trim().is_empty(),
                "{}: every scheme has a label",
                name(&path)
            );
        }
        assert_eq!(lr.label, "Lire à Rueil");
    }
}

/// DOMAIN.md, "The kit (19 items)".
const KIT_ITEMS: [&str; 19] = [
    "trousse",
    "4 stylos bille bleus",
    "stylos noir, rouge, vert",
    "2 crayons à papier HB",
    "gomme",
    "taille-crayon à réservoir",
    "règle 30 cm",
    "équerre",
    "compas",
    "2 bâtons de colle",
    "ciseaux à bouts ronds",
    "4 surligneurs",
    "12 crayons de couleur",
    "12 feutres",
    "2 cahiers 24×32 96 p.",
    "2 cahiers 17×22 96 p.",
    "copies doubles grand format",
    "50 pochettes perforées",
    "agenda scolaire",
];

#[test]
fn reference_years_differ_only_by_their_year_and_dates() {
    let load = |year: i32| {
        let path = fixtures().join(format!("reference/{year}.toml"));
        Reference::from_toml_str(&read(&path)).unwrap()
    };
    let base = load(2025);
    for year in [2026, 2027] {
        let mut r = load(year);
        assert_ne!(r.version().digest, base.version().digest);
        // Move the year's own figures back to 2025: everything else must be the same.
        let back = |w: Window| Window {
            start: date(&w.start.to_string().replacen(&year.to_string(), "2025", 1)),
            end: date(&w.end.to_string().replacen(&year.to_string(), "2025", 1)),
        };
        r.year = 2025;
        r.voted = base.voted.clone();
        r.version = base.version.clone();
        r.schemes.school_kit.window = back(r.schemes.school_kit.window);
        r.schemes.lire_a_rueil.window = r.schemes.lire_a_rueil.window.map(back);
        assert_eq!(r, base, "{year} carries over the 2025 values");
    }
}

// ---------------------------------------------------------------------------------------------
// Demo households

#[test]
fn demo_households_are_valid_requests_for_schema_and_parser() {
    let validator = schema();
    let paths = files("households", "json");
    assert!(
        (12..=14).contains(&paths.len()),
        "a dozen demo households, found {}",
        paths.len()
    );
    let readme = read(&fixtures().join("households/README.md"));
    for path in &paths {
        let file = name(path);
        assert!(
            readme.contains(&format!("`{file}`")),
            "{file} is described in the README"
        );
        let text = read(path);
        let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let errors = schema_errors(&validator, &value);
        assert!(errors.is_empty(), "{file}: {errors:#?}");
        let household = request::parse_request(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        // Every person is named by a request id, unique in the file.
        let mut ids = BTreeSet::new();
        for id in household
            .adults
            .iter()
            .map(|a| &a.id)
            .chain(household.children.iter().map(|c| &c.id))
        {
            assert!(ids.insert(id.clone()), "{file}: id {id} twice");
        }
        // What the parser read is what the file says.
        let back = request::parse_value(&request::to_request_value(&household)).unwrap();
        assert_eq!(back, household, "{file}");
    }
}

/// What the README line of a demo household promises: `QF 2026 on 2025-11-18 … → **1 218,68 € —
/// tranche 5**`, and "checklist incomplete: … *périmé*" when the QF checklist is not complete.
#[derive(Debug)]
struct Promise {
    year: i32,
    on: NaiveDate,
    qf: Cents,
    tranche: u8,
    /// The status word of the one blocking item, when the checklist is incomplete.
    blocking: Option<String>,
}

fn promise(file: &str, readme: &str) -> Promise {
    let line = readme
        .lines()
        .find(|l| l.starts_with(&format!("- `{file}`")))
        .unwrap_or_else(|| panic!("{file} has no README line"));
    let (_, after) = line
        .split_once(". QF ")
        .unwrap_or_else(|| panic!("{file}: no «. QF <year> on <date>»"));
    let year: i32 = after[..4].parse().expect("a QF year");
    let on = date(
        after[4..]
            .strip_prefix(" on ")
            .and_then(|rest| rest.get(..10))
            .unwrap_or_else(|| panic!("{file}: no «on <date>»")),
    );
    let figure = line
        .split("**")
        .nth(1)
        .unwrap_or_else(|| panic!("{file}: the README line has no **QF — tranche**"));
    let (euros, tranche) = figure
        .split_once(" € — tranche ")
        .unwrap_or_else(|| panic!("{file}: «{figure}» should read «1 218,68 € — tranche 5»"));
    let digits: String = euros.chars().filter(char::is_ascii_digit).collect();
    assert!(euros.contains(','), "{file}: «{euros}» has its cents");
    let blocking = line.split_once("checklist incomplete").map(|(_, rest)| {
        rest.split('*')
            .nth(1)
            .unwrap_or_else(|| panic!("{file}: the blocking status is in *italics*"))
            .to_owned()
    });
    Promise {
        year,
        on,
        qf: Cents(digits.parse().expect("a QF in cents")),
        tranche: tranche.trim().parse().expect("a tranche"),
        blocking,
    }
}

/// The README's figures were worked by hand from DOMAIN.md; the rules must find the same.
#[test]
fn each_demo_household_has_the_qf_and_checklist_its_readme_promises() {
    use guichet_core::checklist::{Procedure, checklist};
    let readme = read(&fixtures().join("households/README.md"));
    let references = guichet_core::reference::shipped().expect("the shipped references load");
    let mut tranches = BTreeSet::new();
    for path in files("households", "json") {
        let file = name(&path);
        let promise = promise(&file, &readme);
        let household = request::parse_request(&read(&path)).unwrap();
        assert_eq!(
            promise.on, household.received_on,
            "{file}: D is the request's date"
        );
        assert!(
            [2025, 2026].contains(&promise.year),
            "{file}: meant for QF 2025 or 2026"
        );
        let reference = references.get(promise.year).unwrap();
        let qf = guichet_core::qf::compute_qf(&household, promise.year, promise.on, reference);
        assert_eq!(
            (qf.qf_cents, qf.tranche),
            (promise.qf, promise.tranche),
            "{file}: {:#?}",
            qf.lines
        );
        tranches.insert(qf.tranche);
        let list = checklist(
            &household,
            Procedure::Qf,
            promise.year,
            promise.on,
            reference,
        );
        let blocking: Vec<&str> = list.blocking().map(|i| i.status.label()).collect();
        match &promise.blocking {
            None => assert!(list.complete, "{file}: complete, but {blocking:?}"),
            Some(status) => assert_eq!(blocking, [status.as_str()], "{file}"),
        }
    }
    assert_eq!(tranches.len(), 8, "the demo households cover every tranche");
}

#[test]
fn demo_households_cover_the_hard_cases() {
    let households: Vec<(String, guichet_core::Household)> = files("households", "json")
        .iter()
        .map(|p| (name(p), request::parse_request(&read(p)).unwrap()))
        .collect();
    let any = |what: &str, test: &dyn Fn(&guichet_core::Household) -> bool| {
        assert!(
            households.iter().any(|(_, h)| test(h)),
            "no demo household has {what}"
        );
    };
    use guichet_core::documents::Document;
    use guichet_core::household::{Channel, Residence};
    any("a child in shared residence", &|h| {
        h.children.iter().any(|c| c.residence == Residence::Shared)
    });
    any("a disabled child with its notice", &|h| {
        h.children.iter().any(|c| {
            c.disability
                && h.documents.iter().any(
                    |d| matches!(d, Document::DisabilityNotice { holder, .. } if *holder == c.id),
                )
        })
    });
    any("a child who left", &|h| h.children.iter().any(|c| c.left));
    any("a student child", &|h| h.children.iter().any(|c| c.student));
    any("two separate tax notices", &|h| {
        h.documents
            .iter()
            .filter(|d| matches!(d, Document::TaxNotice { holders, .. } if holders.len() == 1))
            .count()
            == 2
    });
    any("twins", &|h| {
        let births: BTreeSet<_> = h.children.iter().map(|c| c.birth_date).collect();
        births.len() < h.children.len()
    });
    any("an adult on AAH", &|h| {
        h.adults.iter().any(|a| a.claims(Minimum::Aah))
    });
    any("an adult on RSA online", &|h| {
        h.channel == Channel::Online && h.adults.iter().any(|a| a.claims(Minimum::Rsa))
    });
    any("a proof of address elsewhere", &|h| {
        h.documents
            .iter()
            .any(|d| matches!(d, Document::ProofOfAddress { postcode, .. } if postcode != "92500"))
    });
    any("an expired identity card", &|h| {
        h.documents.iter().any(
            |d| matches!(d, Document::Identity { expires_on: Some(e), .. } if *e < h.received_on),
        )
    });
    any("Maël", &|h| {
        h.children.iter().any(|c| c.first_name == "Maël")
    });
    any("names with accents, apostrophes and hyphens", &|h| {
        h.adults.iter().any(|a| {
            a.last_name.contains('\'') && a.last_name.contains('-') && !a.first_name.is_ascii()
        })
    });
}

// ---------------------------------------------------------------------------------------------
// Invalid requests

/// Each bad request, whether the schema alone refuses it (ids and holders are beyond a schema:
/// the parser checks them), and what the parser's message must name.
const INVALID: &[(&str, bool, &[&str])] = &[
    ("malformed-json.json", true, &["JSON valide", "ligne"]),
    ("unknown-field.json", true, &["adulte a1", "email"]),
    (
        "child-without-birth-date.json",
        true,
        &["enfant c2", "birth_date"],
    ),
    (
        "amount-as-text.json",
        true,
        &["benefits_certificate", "monthly_family_benefits_cents"],
    ),
    (
        "impossible-date.json",
        true,
        &["enfant c2", "birth_date", "2019-02-30"],
    ),
    (
        "negative-amount.json",
        true,
        &["tax_notice", "reference_tax_income_cents"],
    ),
    (
        "amount-over-limit.json",
        true,
        &["tax_notice", "reference_tax_income_cents"],
    ),
    (
        "unknown-document-kind.json",
        true,
        &["document n° 2", "passport"],
    ),
    (
        "holder-does-not-exist.json",
        false,
        &["identity", "holder", "a2"],
    ),
    ("duplicate-ids.json", false, &["enfant c1", "id"]),
    (
        "tax-notice-missing-income-year.json",
        true,
        &["tax_notice", "income_year"],
    ),
];

#[test]
fn each_invalid_request_is_refused_naming_what_is_wrong() {
    let validator = schema();
    let paths = files("requests/invalid", "json");
    let found: Vec<String> = paths.iter().map(|p| name(p)).collect();
    let mut listed: Vec<String> = INVALID.iter().map(|(f, _, _)| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(
        found, listed,
        "every invalid request has its expectation here"
    );
    let readme = read(&fixtures().join("requests/invalid/README.md"));
    for (file, schema_refuses, names) in INVALID {
        assert!(
            readme.contains(&format!("`{file}`")),
            "{file} is described in the README"
        );
        let text = read(&fixtures().join("requests/invalid").join(file));
        match serde_json::from_str::<Value>(&text) {
            Err(_) => assert!(*schema_refuses, "{file} is not even JSON"),
            Ok(value) => {
                let refused = !validator.is_valid(&value);
                assert_eq!(
                    refused, *schema_refuses,
                    "{file}: does the schema refuse it?"
                );
            }
        }
        let error = request::parse_request(&text).expect_err(file).to_string();
        for part in *names {
            assert!(
                error.contains(part),
                "{file}: «{error}» should name «{part}»"
            );
        }
    }
}

/// The base the invalid requests were made from is itself valid: each file fails for its one
/// reason, not for another.
#[test]
fn invalid_requests_differ_from_a_valid_one_by_one_thing() {
    let validator = schema();
    let text = read(&fixtures().join("requests/invalid/duplicate-ids.json"));
    let mut value: Value = serde_json::from_str(&text).unwrap();
    value["children"][1]["id"] = Value::from("c2");
    assert!(schema_errors(&validator, &value).is_empty());
    request::parse_value(&value).expect("the corrected request parses");
}

// ---------------------------------------------------------------------------------------------
// Generated households

#[test]
fn generated_households_are_valid_requests_for_schema_and_parser() {
    let validator = schema();
    let on = date("2025-11-17");
    for household in demo::generate(20_251_117, 200, 2026, on) {
        let value = request::to_request_value(&household);
        let errors = schema_errors(&validator, &value);
        assert!(errors.is_empty(), "{:?}: {errors:#?}", household.reference);
        let back = request::parse_value(&value)
            .unwrap_or_else(|e| panic!("{:?}: {e}", household.reference));
        assert_eq!(back, household);
    }
}
