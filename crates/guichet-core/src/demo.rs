//! Demo households: a deterministic generator of realistic households of Rueil-Malmaison, for the
//! demo case file, benchmarks and load tests. It is pure (no I/O, no clock, no external random
//! source): the same seed, count, QF year and date always give the same households, and household
//! `i` does not depend on how many are asked for.
//!
//! Words used here: the *QF year* `Y` the documents are meant for and the *date* `on` they are
//! judged on. Households come with the documents an agent would have read, mostly complete and valid
//! on `on` for `Y` (tax notices of income year `Y − 2`, a recent proof of address and CAF attestation);
//! a few have a missing, expired or inconsistent document, as at a real desk. Incomes are drawn so
//! that every tranche occurs: the generator aims a monthly income per part, then derives the revenu
//! fiscal de référence from it.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::dates::{age_on, january_first};
use crate::documents::{Document, SchoolYear};
use crate::household::{Address, Adult, Channel, Child, Household, Minimum, Residence};
use crate::ids::PersonId;
use crate::money::Cents;

/// Generates `count` households whose documents are meant for the QF of year `qf_year`, judged on
/// `on`. Their references are `DEMO-{qf_year}-000001`, `DEMO-{qf_year}-000002`…
pub fn generate(seed: u64, count: usize, qf_year: i32, on: NaiveDate) -> Vec<Household> {
    (0..count)
        .map(|index| {
            let mut rng = SplitMix64::new(seed ^ mix(index as u64 ^ 0x6775_6963_6865_7431));
            HouseholdDraft::new(&mut rng, qf_year, on).build(&mut rng, index)
        })
        .collect()
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast generator, good enough for demo data and
/// fully reproducible across platforms.
#[derive(Debug, Clone)]
struct SplitMix64 {
    state: u64,
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function: a strong 64-bit mixer.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix(self.state)
    }

    /// A number in `0..n` (0 when `n` is 0), by multiply-and-shift: the bias is far below what
    /// demo data can show.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        low + self.below((high - low) as u64 + 1) as i64
    }

    /// True `percent` times out of a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A number in `0..1`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut draw = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if draw < *w {
                return i;
            }
            draw -= w;
        }
        weights.len() - 1
    }
}

fn days_before(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_sub_days(Days::new(days.max(0) as u64))
        .unwrap_or(NaiveDate::MIN)
}

fn days_after(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_days(Days::new(days.max(0) as u64))
        .unwrap_or(NaiveDate::MAX)
}

fn years_after(date: NaiveDate, years: u32) -> NaiveDate {
    date.checked_add_months(Months::new(years * 12))
        .unwrap_or(NaiveDate::MAX)
}

/// A date `years` whole years (and a random part of a year) before `on`.
fn born(rng: &mut SplitMix64, on: NaiveDate, years: i64) -> NaiveDate {
    days_before(on, years * 365 + years / 4 + rng.between(1, 364))
}

/// A date of year `year` between two days of the year (month, day), both included.
fn in_year(rng: &mut SplitMix64, year: i32, from: (u32, u32), to: (u32, u32)) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(year, from.0, from.1).unwrap_or(NaiveDate::MIN);
    let end = NaiveDate::from_ymd_opt(year, to.0, to.1).unwrap_or(start);
    days_after(start, rng.between(0, (end - start).num_days()))
}

/// Last names of the demo. The families of `shared/SCENARIOS.md` that arrive new (the Benalis of
/// scenario A) are left out, so that searching for them finds nothing until the agent creates them.
#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Bertrand", "Roux", "Vincent",
    "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François",
    "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry",
    "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier",
    "Robin", "Ménard", "Hébert", "Béranger", "Noël", "Lemoine", "Benoît", "Rémy", "Château", "Joly",
    "N'Diaye", "D'Almeida", "Le Goff", "Le Gall", "Bensaïd", "Haddad", "Traoré", "Nguyen", "Diallo",
    "Da Silva", "Ferreira", "Kaya", "Cohen", "Lévy", "El Amrani", "Ben Youssef", "Kouassi",
    "Saint-Aubin", "Bouchard-Lemoine", "Delaunay", "Lacroix", "Leclerc", "Pérez", "Théraud",
    "Josserand", "Mbemba", "Ould-Ahmed", "Lefebvre-Dumas", "D'Angelo",
];

#[rustfmt::skip]
const WOMEN: &[&str] = &[
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Sophie", "Céline", "Stéphanie",
    "Aurélie", "Émilie", "Julie", "Camille", "Élodie", "Hélène", "Françoise", "Nadia", "Fatima",
    "Aïcha", "Leïla", "Mélanie", "Anaïs", "Gwenaëlle", "Maëlle", "Agnès", "Bérénice", "Noémie",
    "Yasmine", "Marie-Claire", "Anne-Sophie", "Éléonore", "Aïssatou", "Chloé", "Inès", "Sarah",
];

#[rustfmt::skip]
const MEN: &[&str] = &[
    "Jean", "Pierre", "Michel", "Philippe", "Nicolas", "Christophe", "Sébastien", "Julien",
    "Stéphane", "Frédéric", "Laurent", "Olivier", "Thomas", "Maxime", "Jérôme", "Rémi", "Loïc",
    "Hervé", "Benoît", "François", "Karim", "Mehdi", "Mamadou", "Moussa", "Yannick", "Aurélien",
    "Jean-Pierre", "Jean-François", "Pierre-Yves", "Grégoire", "Raphaël", "Joël", "Samir", "Kévin",
];

#[rustfmt::skip]
const SENIOR_WOMEN: &[&str] = &[
    "Geneviève", "Odile", "Josiane", "Ginette", "Thérèse", "Monique", "Jacqueline", "Hélène",
    "Françoise", "Marie-Thérèse", "Huguette", "Renée",
];

#[rustfmt::skip]
const SENIOR_MEN: &[&str] = &[
    "Gérard", "Jean-Claude", "Bernard", "René", "André", "Marcel", "Jacques", "Roger", "Noël",
    "Jean-Pierre", "Raymond", "Lucien",
];

#[rustfmt::skip]
const GIRLS: &[&str] = &[
    "Jade", "Louise", "Emma", "Ambre", "Alice", "Rose", "Anna", "Inès", "Léna", "Chloé", "Lina",
    "Mia", "Léonie", "Zoé", "Manon", "Maëlys", "Anaïs", "Éloïse", "Héloïse", "Clémence", "Capucine",
    "Thaïs", "Maïwenn", "Agathe", "Célia", "Aminata", "Sofia", "Lou-Anne", "Marie-Lou", "Lilou",
    "Nolwenn", "Océane",
];

#[rustfmt::skip]
const BOYS: &[&str] = &[
    "Léo", "Gabriel", "Raphaël", "Louis", "Noé", "Jules", "Adam", "Arthur", "Hugo", "Maël", "Lucas",
    "Nathan", "Timéo", "Éthan", "Mathéo", "Sacha", "Aaron", "Yanis", "Rayan", "Ibrahim", "Théo",
    "Gaël", "Loïs", "Élias", "Noah", "Gaëtan", "Timothée", "Jean-Baptiste", "Côme", "Anatole",
    "Bastien", "Ilyès",
];

/// Streets of Rueil-Malmaison.
const STREETS: &[&str] = &[
    "avenue Paul Doumer",
    "rue Jean Le Coz",
    "boulevard Richelieu",
    "avenue Napoléon Bonaparte",
    "rue Hervet",
    "rue des Bons Raisins",
    "avenue du 18 Juin 1940",
    "boulevard National",
    "avenue Albert 1er",
    "rue de Maurepas",
    "rue du Château",
    "place de l'Église",
    "avenue de l'Impératrice Joséphine",
    "boulevard Foch",
    "rue de Buzenval",
    "avenue de Colmar",
    "boulevard Bellerive",
    "rue Jules Parent",
    "avenue Victor Hugo",
    "rue d'Estienne d'Orves",
    "avenue de Fouilleuse",
    "rue Masséna",
    "avenue Georges Clemenceau",
    "rue du Docteur Zamenhof",
    "avenue de la Malmaison",
    "rue Gallieni",
];

const VILLAGE_HALLS: &[&str] = &[
    "Mairie de village de Buzenval",
    "Mairie de village des Mazurières",
    "Mairie de village du Plateau",
    "Mairie de village de Rueil-sur-Seine",
];

/// Postcodes of neighbouring towns, found on proofs of address of households that just moved.
const OTHER_POSTCODES: &[&str] = &["92000", "92380", "78400", "92150", "78290"];

const PERSON_IDS: [&str; 2] = ["a1", "a2"];
const CHILD_IDS: [&str; 5] = ["c1", "c2", "c3", "c4", "c5"];

/// Monthly income per part (euros) by share of households, lowest incomes first: a spread like the
/// town's QF campaign, where every tranche occurs. Read as a piecewise-linear inverse distribution.
const INCOME_PER_PART: &[(f64, f64)] = &[
    (0.00, 0.0),
    (0.12, 430.0),
    (0.25, 640.0),
    (0.39, 840.0),
    (0.55, 1_090.0),
    (0.70, 1_430.0),
    (0.82, 1_880.0),
    (0.92, 2_480.0),
    (1.00, 4_800.0),
];

fn income_per_part_cents(rng: &mut SplitMix64) -> i64 {
    let u = rng.unit();
    let mut previous = INCOME_PER_PART[0];
    for &(share, euros) in &INCOME_PER_PART[1..] {
        if u <= share {
            let (s0, e0) = previous;
            let t = if share > s0 {
                (u - s0) / (share - s0)
            } else {
                0.0
            };
            return ((e0 + t * (euros - e0)) * 100.0) as i64;
        }
        previous = (share, euros);
    }
    (previous.1 * 100.0) as i64
}

/// The people of a household being drawn, before its documents.
struct HouseholdDraft {
    qf_year: i32,
    on: NaiveDate,
    received_on: NaiveDate,
    adults: Vec<Adult>,
    couple: bool,
    /// Two adults who file their tax returns separately.
    separate_returns: bool,
    children: Vec<Child>,
    /// Monthly income per part the household is aimed at, in cents.
    aim_cents: i64,
    /// The town's address and since when the household lives in the département.
    address: Address,
}

impl HouseholdDraft {
    fn new(rng: &mut SplitMix64, qf_year: i32, on: NaiveDate) -> Self {
        let received_on = days_before(on, rng.between(0, 20));
        let aim_cents = income_per_part_cents(rng);
        let poor = aim_cents < 45_000;
        let senior = rng.chance(13);
        let two_adults = if senior {
            rng.chance(45)
        } else {
            rng.chance(58)
        };
        let couple = two_adults && !rng.chance(6);
        let separate_returns = two_adults && (!couple || rng.chance(30));

        // Adults: the first is a woman more often than not, as at the desk.
        let family = *rng.pick(LAST_NAMES);
        let first_age = if senior {
            rng.between(62, 92)
        } else {
            rng.between(20, 61)
        };
        let first_is_woman = rng.chance(62);
        let mut adults = vec![adult(
            rng,
            PERSON_IDS[0],
            family,
            first_is_woman,
            first_age,
            senior,
            on,
        )];
        if two_adults {
            let married = couple && !separate_returns;
            let last = if married {
                family
            } else {
                *rng.pick(LAST_NAMES)
            };
            let age = (first_age + rng.between(-6, 6)).clamp(19, 95);
            let woman = if couple {
                !first_is_woman
            } else {
                rng.chance(50)
            };
            adults.push(adult(rng, PERSON_IDS[1], last, woman, age, senior, on));
        }

        // Minima sociaux, drawn from the aimed income.
        for (i, a) in adults.iter_mut().enumerate() {
            let age = age_on(a.birth_date, on);
            if age >= 65 && poor && rng.chance(55) {
                a.minima_sociaux.insert(Minimum::Aspa);
            } else if age < 65 && rng.chance(4) {
                a.minima_sociaux.insert(Minimum::Aah);
                a.disability_rate = Some(*rng.pick(&[80, 80, 85, 90]));
            } else if age < 65 && poor && i == 0 && !two_adults && rng.chance(60) {
                a.minima_sociaux.insert(Minimum::Rsa);
            } else if age < 65 && aim_cents < 65_000 && rng.chance(8) {
                a.minima_sociaux.insert(Minimum::Ass);
            }
            if a.disability_rate.is_none() && rng.chance(3) {
                a.disability_rate = Some(*rng.pick(&[50, 60, 79, 80]));
            }
            if (60..65).contains(&age) && rng.chance(6) {
                a.retired_unfit = true;
            }
        }

        let children = if senior {
            grown_children(rng, &adults, on)
        } else {
            children(rng, &adults, two_adults, on)
        };

        let street = rng.pick(STREETS);
        let number = rng.between(1, 140);
        let line = if rng.chance(35) {
            let building = rng.pick(&["A", "B", "C", "D"]);
            format!(
                "{number} {street}, bât. {building}, apt {}",
                rng.between(1, 60)
            )
        } else {
            format!("{number} {street}")
        };
        let adult_since = years_after(adults[0].birth_date, 18);
        let department_since = if rng.chance(8) {
            // Newcomers: in the town for a few weeks or months.
            days_before(on, rng.between(30, 360))
        } else {
            let span = (days_before(on, 400) - adult_since).num_days().max(0);
            days_after(adult_since, rng.between(0, span))
        };
        HouseholdDraft {
            qf_year,
            on,
            received_on,
            adults,
            couple,
            separate_returns,
            children,
            aim_cents,
            address: Address {
                line,
                postcode: "92500".to_owned(),
                city: "Rueil-Malmaison".to_owned(),
                department_since: Some(department_since),
            },
        }
    }

    /// A dependent child for the QF of the year: not left, under 21 on 1 January, or under 25 and
    /// a student (DOMAIN.md; only used here to aim incomes).
    fn dependent(&self, child: &Child) -> bool {
        let age = age_on(child.birth_date, january_first(self.qf_year));
        !child.left && (age < 21 || (child.student && age < 25))
    }

    /// Quarter-parts as the 2025 reference counts them, to turn the aimed income per part into
    /// the household's income. The QF itself is computed by `qf.rs` from the reference file.
    fn quarter_parts(&self) -> i64 {
        let mut dependents: Vec<&Child> =
            self.children.iter().filter(|c| self.dependent(c)).collect();
        dependents.sort_by_key(|c| c.birth_date);
        let mut quarters = 8;
        for (rank, child) in dependents.iter().enumerate() {
            let mut share = match rank {
                0 | 1 => 2,
                2 => 4,
                _ => 2,
            };
            if child.disability {
                share += 2;
            }
            if child.residence == Residence::Shared {
                share /= 2;
            }
            quarters += share;
        }
        quarters
    }

    /// Monthly family benefits (allocations familiales, ASF, AEEH, PAJE) as a CAF attestation shows
    /// them, in cents: roughly the 2025 amounts, modulated by income.
    fn family_benefits(&self, rng: &mut SplitMix64) -> i64 {
        let young: Vec<&Child> = self
            .children
            .iter()
            .filter(|c| !c.left && age_on(c.birth_date, self.on) < 20)
            .collect();
        let mut benefits = match young.len() {
            0 | 1 => 0,
            2 => 15_100,
            n => 34_500 + 19_400 * (n as i64 - 3),
        };
        if self.aim_cents > 190_000 {
            benefits /= 4;
        } else if self.aim_cents > 145_000 {
            benefits /= 2;
        }
        if self.adults.len() == 1 && self.aim_cents < 110_000 && rng.chance(40) {
            benefits += 19_919 * young.len() as i64;
        }
        if young.iter().any(|c| age_on(c.birth_date, self.on) < 3) && self.aim_cents < 190_000 {
            benefits += 19_200;
        }
        benefits += 14_900 * young.iter().filter(|c| c.disability).count() as i64;
        benefits
    }

    fn build(self, rng: &mut SplitMix64, index: usize) -> Household {
        let benefits = self.family_benefits(rng);
        let monthly = self.aim_cents * self.quarter_parts() / 4;
        // The revenu fiscal de référence is in whole euros.
        let rfr = ((monthly - benefits).max(0) * 12) / 100 * 100;

        let mut documents = Vec::with_capacity(6 + self.children.len());
        for a in &self.adults {
            if rng.chance(98) {
                documents.push(identity(rng, a, self.on));
            }
        }
        self.tax_notices(rng, rfr, &mut documents);

        let proof_issued = if rng.chance(4) {
            days_before(self.on, rng.between(100, 200))
        } else {
            days_before(self.received_on, rng.between(0, 45))
        };
        let postcode = if rng.chance(3) {
            (*rng.pick(OTHER_POSTCODES)).to_owned()
        } else {
            self.address.postcode.clone()
        };
        documents.push(Document::ProofOfAddress {
            issued_on: proof_issued,
            postcode,
        });

        let dependents = self.children.iter().any(|c| self.dependent(c));
        let caf_minima: BTreeSet<Minimum> = self
            .adults
            .iter()
            .flat_map(|a| a.minima_sociaux.iter().copied())
            .filter(|m| matches!(m, Minimum::Rsa | Minimum::Aah))
            .collect();
        if (dependents || !caf_minima.is_empty()) && rng.chance(97) {
            documents.push(Document::BenefitsCertificate {
                holder: Some(PersonId::new(PERSON_IDS[0])),
                issued_on: days_before(self.received_on, rng.between(0, 30)),
                monthly_family_benefits_cents: Cents(benefits),
                minima_sociaux: caf_minima,
            });
        }
        for a in &self.adults {
            if a.claims(Minimum::Ass) {
                documents.push(Document::UnemploymentCertificate {
                    holder: a.id.clone(),
                    issued_on: days_before(self.received_on, rng.between(0, 30)),
                });
            }
            if a.claims(Minimum::Aah) && rng.chance(80) {
                let issued = days_before(self.on, rng.between(60, 1_500));
                documents.push(Document::DisabilityNotice {
                    holder: a.id.clone(),
                    issued_on: Some(issued),
                    expires_on: Some(years_after(issued, 10)),
                });
            }
        }
        // The médaille asks for the livret de famille too.
        if (dependents || self.children.len() >= 4) && rng.chance(97) {
            documents.push(Document::FamilyRecord);
        }
        let shared_since = self
            .children
            .iter()
            .filter(|c| c.residence == Residence::Shared && self.dependent(c))
            .map(|c| c.birth_date)
            .max();
        if let Some(birth) = shared_since
            && rng.chance(95)
        {
            let span = (days_before(self.received_on, 30) - birth)
                .num_days()
                .max(0);
            documents.push(Document::CustodyJudgment {
                issued_on: Some(days_after(birth, rng.between(span / 3, span))),
            });
        }
        for c in &self.children {
            if c.disability && !c.left && rng.chance(95) {
                let issued = days_before(self.on, rng.between(30, 900));
                documents.push(Document::DisabilityNotice {
                    holder: c.id.clone(),
                    issued_on: Some(issued),
                    expires_on: Some(years_after(issued, *rng.pick(&[3, 5]))),
                });
            }
            if c.schooled && age_on(c.birth_date, self.on) >= 16 && rng.chance(90) {
                let start = if self.on.month() >= 9 {
                    self.on.year()
                } else {
                    self.on.year() - 1
                };
                let first_day = NaiveDate::from_ymd_opt(start, 9, 2).unwrap_or(self.on);
                let issued = if first_day <= self.received_on {
                    days_after(
                        first_day,
                        rng.between(0, (self.received_on - first_day).num_days()),
                    )
                } else {
                    self.received_on
                };
                documents.push(Document::SchoolCertificate {
                    holder: c.id.clone(),
                    issued_on: issued,
                    school_year: SchoolYear { start },
                });
            }
        }

        let channel = if rng.chance(60) {
            Channel::Online
        } else {
            Channel::Desk
        };
        let site = match channel {
            Channel::Online => "CCAS",
            Channel::Desk => match rng.weighted(&[50, 25, 25]) {
                0 => "CCAS",
                1 => "Hôtel de Ville",
                _ => rng.pick(VILLAGE_HALLS),
            },
        };
        Household {
            reference: Some(format!("DEMO-{}-{:06}", self.qf_year, index + 1)),
            channel,
            site: Some(site.to_owned()),
            received_on: self.received_on,
            address: self.address,
            adults: self.adults,
            couple: self.couple,
            children: self.children,
            documents,
        }
    }

    /// One joint notice, or one per adult when they file separately; now and then last year's
    /// notice instead (wrong year) or none.
    fn tax_notices(&self, rng: &mut SplitMix64, rfr: i64, documents: &mut Vec<Document>) {
        let income_year = self.qf_year - 2;
        let dependents = self.children.iter().filter(|c| self.dependent(c)).count() as f64;
        let child_parts = dependents.min(2.0) * 0.5 + (dependents - 2.0).max(0.0);
        let filers: Vec<(Vec<PersonId>, i64, f64)> = if self.separate_returns {
            let share = rng.between(30, 70);
            let first = rfr * share / 100 / 100 * 100;
            vec![
                (vec![self.adults[0].id.clone()], first, 1.0 + child_parts),
                (vec![self.adults[1].id.clone()], rfr - first, 1.0),
            ]
        } else {
            let holders: Vec<PersonId> = self.adults.iter().map(|a| a.id.clone()).collect();
            let parts = if holders.len() == 2 { 2.0 } else { 1.0 } + child_parts;
            vec![(holders, rfr, parts)]
        };
        for (holders, rfr, parts) in filers {
            if rng.chance(2) {
                continue;
            }
            let year = if rng.chance(3) {
                income_year - 1
            } else {
                income_year
            };
            let issued = in_year(rng, year + 1, (7, 20), (9, 10)).min(self.received_on);
            documents.push(Document::TaxNotice {
                holders,
                issued_on: issued,
                income_year: year,
                reference_tax_income_cents: Cents(rfr),
                parts: Some(parts),
                income_tax_cents: Cents(income_tax(rfr, parts)),
            });
        }
    }
}

/// Income tax of a notice, roughly the 2025 scale (no décote): tax per part by bracket, not
/// collected under 61 €.
fn income_tax(rfr_cents: i64, parts: f64) -> i64 {
    const BRACKETS: [(f64, f64); 4] = [
        (11_497.0, 0.11),
        (29_315.0, 0.30),
        (83_823.0, 0.41),
        (180_294.0, 0.45),
    ];
    let per_part = rfr_cents as f64 / 100.0 / parts.max(1.0);
    let mut tax = 0.0;
    for (i, (floor, rate)) in BRACKETS.iter().enumerate() {
        let ceiling = BRACKETS.get(i + 1).map_or(f64::MAX, |b| b.0);
        if per_part > *floor {
            tax += (per_part.min(ceiling) - floor) * rate;
        }
    }
    let cents = (tax * parts * 100.0) as i64 / 100 * 100;
    if cents < 6_100 { 0 } else { cents }
}

fn adult(
    rng: &mut SplitMix64,
    id: &str,
    last_name: &str,
    woman: bool,
    age: i64,
    senior: bool,
    on: NaiveDate,
) -> Adult {
    let names = match (woman, senior) {
        (true, false) => WOMEN,
        (false, false) => MEN,
        (true, true) => SENIOR_WOMEN,
        (false, true) => SENIOR_MEN,
    };
    Adult {
        id: PersonId::new(id),
        last_name: last_name.to_owned(),
        first_name: (*rng.pick(names)).to_owned(),
        birth_date: born(rng, on, age),
        minima_sociaux: BTreeSet::new(),
        disability_rate: None,
        retired_unfit: false,
    }
}

/// The children of a working-age household: 0 to 5, born when the first adult was 18 or more.
fn children(rng: &mut SplitMix64, adults: &[Adult], two_adults: bool, on: NaiveDate) -> Vec<Child> {
    let count = rng.weighted(&[20, 25, 28, 15, 8, 4]);
    let parent_age = i64::from(age_on(adults[0].birth_date, on));
    let oldest_possible = (parent_age - 18).clamp(0, 27);
    let mut ages: Vec<i64> = (0..count)
        .map(|_| rng.between(0, oldest_possible))
        .collect();
    ages.sort_unstable_by(|a, b| b.cmp(a));
    let mut result: Vec<Child> = Vec::with_capacity(count);
    for (i, &age) in ages.iter().enumerate() {
        let twin = i > 0 && ages[i - 1] == age && rng.chance(30);
        let birth_date = match result.last() {
            Some(previous) if twin => previous.birth_date,
            _ => born(rng, on, age),
        };
        let age = i64::from(age_on(birth_date, on));
        let shared = if two_adults {
            rng.chance(4)
        } else {
            rng.chance(22)
        };
        let left = age >= 19 && rng.chance(45);
        let student = !left && (18..25).contains(&age) && rng.chance(65);
        let last_name = if shared && rng.chance(50) {
            (*rng.pick(LAST_NAMES)).to_owned()
        } else {
            adults
                .iter()
                .rev()
                .find(|a| rng.chance(70) || a.id.as_str() == "a1")
                .map_or_else(String::new, |a| a.last_name.clone())
        };
        let girl = rng.chance(50);
        result.push(Child {
            id: PersonId::new(CHILD_IDS[i]),
            last_name,
            first_name: (*rng.pick(if girl { GIRLS } else { BOYS })).to_owned(),
            birth_date,
            residence: if shared && age < 18 {
                Residence::Shared
            } else {
                Residence::Full
            },
            disability: !left && rng.chance(4),
            schooled: (3..=18).contains(&age) && !student && rng.chance(98),
            student,
            left,
        });
    }
    result
}

/// Seniors' grown-up children, listed for the médaille: usually none, sometimes four or five.
fn grown_children(rng: &mut SplitMix64, adults: &[Adult], on: NaiveDate) -> Vec<Child> {
    if !rng.chance(12) {
        return Vec::new();
    }
    let count = rng.between(4, 5) as usize;
    let parent_age = i64::from(age_on(adults[0].birth_date, on));
    let oldest = (parent_age - 22).max(25);
    (0..count)
        .map(|i| {
            let girl = rng.chance(50);
            Child {
                id: PersonId::new(CHILD_IDS[i]),
                last_name: adults[0].last_name.clone(),
                first_name: (*rng.pick(if girl { WOMEN } else { MEN })).to_owned(),
                birth_date: born(rng, on, (oldest - 2 * i as i64).max(21)),
                residence: Residence::Full,
                disability: false,
                schooled: false,
                student: false,
                left: true,
            }
        })
        .collect()
}

/// An identity document: mostly valid on `on`; now and then expired, or without an expiry date.
fn identity(rng: &mut SplitMix64, adult: &Adult, on: NaiveDate) -> Document {
    let came_of_age = years_after(adult.birth_date, 18);
    let span = (days_before(on, 30) - came_of_age).num_days().max(0);
    if rng.chance(3) && age_on(adult.birth_date, on) >= 35 {
        // Issued more than fifteen years ago: expired.
        let issued = days_before(on, rng.between(15 * 366 + 1, 17 * 365));
        return Document::Identity {
            holder: adult.id.clone(),
            issued_on: issued.max(came_of_age),
            expires_on: Some(days_before(years_after(issued, 15), 1).min(days_before(on, 1))),
        };
    }
    let issued = days_before(on, rng.between(30, (9 * 365).min(span.max(30))));
    let expires_on = match rng.weighted(&[60, 30, 10]) {
        0 => Some(days_before(years_after(issued, 15), 1)),
        1 => Some(days_before(years_after(issued, 10), 1)),
        _ => None,
    };
    Document::Identity {
        holder: adult.id.clone(),
        issued_on: issued,
        expires_on,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn on() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 11, 17).unwrap()
    }

    #[test]
    fn same_seed_gives_the_same_households() {
        let a = generate(42, 300, 2026, on());
        assert_eq!(a, generate(42, 300, 2026, on()));
        assert_ne!(a, generate(43, 300, 2026, on()));
    }

    #[test]
    fn a_household_does_not_depend_on_how_many_are_asked_for() {
        let many = generate(7, 50, 2026, on());
        assert_eq!(many[..20], generate(7, 20, 2026, on())[..]);
    }

    #[test]
    fn generated_households_have_the_shape_of_a_request() {
        let households = generate(2026, 2_000, 2026, on());
        assert_eq!(households.len(), 2_000);
        for (i, h) in households.iter().enumerate() {
            let name = format!("household {i}");
            assert_eq!(
                h.reference.as_deref(),
                Some(format!("DEMO-2026-{:06}", i + 1).as_str())
            );
            assert!((1..=2).contains(&h.adults.len()), "{name}");
            assert!(h.children.len() <= 5, "{name}");
            assert!(h.received_on <= on(), "{name}");
            assert_eq!(h.address.postcode, "92500");
            assert_eq!(h.address.city, "Rueil-Malmaison");
            let ids: Vec<&str> = h
                .adults
                .iter()
                .map(|a| a.id.as_str())
                .chain(h.children.iter().map(|c| c.id.as_str()))
                .collect();
            let expected: Vec<&str> = PERSON_IDS[..h.adults.len()]
                .iter()
                .chain(&CHILD_IDS[..h.children.len()])
                .copied()
                .collect();
            assert_eq!(ids, expected, "{name}: ids a1, a2, c1…");
            assert_eq!(
                ids.iter().collect::<HashSet<_>>().len(),
                ids.len(),
                "{name}"
            );
            for a in &h.adults {
                assert!(
                    age_on(a.birth_date, on()) >= 18,
                    "{name}: {} is an adult",
                    a.id
                );
                assert!(
                    !a.first_name.is_empty() && !a.last_name.is_empty(),
                    "{name}"
                );
            }
            for c in &h.children {
                assert!(
                    c.birth_date < on(),
                    "{name}: {} is born before the day",
                    c.id
                );
                assert!(
                    !c.first_name.is_empty() && !c.last_name.is_empty(),
                    "{name}"
                );
            }
            for d in &h.documents {
                for holder in d.holders() {
                    assert!(
                        h.person(holder).is_some(),
                        "{name}: {holder} holds a document"
                    );
                }
                if let Some(issued) = d.issued_on() {
                    assert!(issued <= on(), "{name}: {d:?} is issued before the day");
                }
                if let Document::TaxNotice {
                    reference_tax_income_cents: Cents(rfr),
                    income_tax_cents: Cents(tax),
                    ..
                } = d
                {
                    assert!((0..=1_000_000_000).contains(rfr), "{name}: {rfr}");
                    assert!((0..=1_000_000_000).contains(tax), "{name}: {tax}");
                }
            }
        }
    }

    #[test]
    fn generated_households_are_varied() {
        let households = generate(1, 2_000, 2026, on());
        let count =
            |test: &dyn Fn(&Household) -> bool| households.iter().filter(|h| test(h)).count();
        let cases: [(&str, usize); 10] = [
            ("no child", count(&|h| h.children.is_empty())),
            ("five children", count(&|h| h.children.len() == 5)),
            ("two adults", count(&|h| h.adults.len() == 2)),
            (
                "RSA",
                count(&|h| h.adults.iter().any(|a| a.claims(Minimum::Rsa))),
            ),
            (
                "AAH",
                count(&|h| h.adults.iter().any(|a| a.claims(Minimum::Aah))),
            ),
            (
                "shared residence",
                count(&|h| h.children.iter().any(|c| c.residence == Residence::Shared)),
            ),
            (
                "disabled child",
                count(&|h| h.children.iter().any(|c| c.disability)),
            ),
            ("student", count(&|h| h.children.iter().any(|c| c.student))),
            ("left", count(&|h| h.children.iter().any(|c| c.left))),
            ("online", count(&|h| h.channel == Channel::Online)),
        ];
        for (what, n) in cases {
            assert!((10..2_000).contains(&n), "{what}: {n} of 2000");
        }
        let names: HashSet<&str> = households
            .iter()
            .map(|h| h.adults[0].last_name.as_str())
            .collect();
        assert!(names.len() > 50, "{} last names", names.len());
        assert!(names.iter().any(|n| !n.is_ascii()), "accented names occur");
    }

    #[test]
    fn the_generator_is_reproducible_across_platforms() {
        // SplitMix64's published first outputs for seed 1234567.
        let mut rng = SplitMix64::new(1_234_567);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423
            ]
        );
    }

    #[test]
    fn income_tax_follows_the_scale_roughly() {
        assert_eq!(income_tax(0, 1.0), 0);
        assert_eq!(
            income_tax(1_200_000, 1.0),
            0,
            "12 000 € alone: under the first bracket"
        );
        let single = income_tax(4_000_000, 1.0);
        assert_eq!(
            single, 516_500,
            "40 000 € alone: 1 960 € at 11 % and 3 205 € at 30 %"
        );
        assert!(income_tax(4_000_000, 2.0) < single, "parts lower the tax");
    }
}
