//! The household (foyer) as the rules see it: address, adults, children and the supporting documents
//! the agent read. People are named by [`PersonId`]; the same model serves a request being checked and
//! a household of the case file.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::documents::Document;
use crate::ids::PersonId;

/// Where the request was handled: at a desk or online (dematerialized request).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Channel {
    #[default]
    Desk,
    Online,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Desk => "desk",
            Channel::Online => "online",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        match code {
            "desk" => Some(Channel::Desk),
            "online" => Some(Channel::Online),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Desk => "guichet",
            Channel::Online => "en ligne",
        }
    }
}

/// A minimum social benefit (minima sociaux).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Minimum {
    /// Revenu de solidarité active.
    Rsa,
    /// Allocation de solidarité spécifique (France Travail).
    Ass,
    /// Allocation aux adultes handicapés.
    Aah,
    /// Allocation de solidarité aux personnes âgées.
    Aspa,
}

impl Minimum {
    pub const ALL: [Minimum; 4] = [Minimum::Rsa, Minimum::Ass, Minimum::Aah, Minimum::Aspa];

    pub fn code(self) -> &'static str {
        match self {
            Minimum::Rsa => "rsa",
            Minimum::Ass => "ass",
            Minimum::Aah => "aah",
            Minimum::Aspa => "aspa",
        }
    }

    pub fn from_code(code: &str) -> Option<Minimum> {
        Minimum::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The name with its article, as a sentence uses it: `le RSA`, `l'AAH`.
    pub fn with_article(self) -> &'static str {
        match self {
            Minimum::Rsa => "le RSA",
            Minimum::Ass => "l'ASS",
            Minimum::Aah => "l'AAH",
            Minimum::Aspa => "l'ASPA",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Minimum::Rsa => "RSA",
            Minimum::Ass => "ASS",
            Minimum::Aah => "AAH",
            Minimum::Aspa => "ASPA",
        }
    }
}

/// Where a child lives: full time, or in résidence alternée.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Residence {
    #[default]
    Full,
    Shared,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Address {
    pub line: String,
    pub postcode: String,
    pub city: String,
    /// Since when the household lives in the Hauts-de-Seine (Améthyste).
    pub department_since: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Adult {
    pub id: PersonId,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    pub minima_sociaux: BTreeSet<Minimum>,
    /// Disability rate in percent, when recognised.
    pub disability_rate: Option<u8>,
    /// Retired for unfitness for work (retraite pour inaptitude).
    pub retired_unfit: bool,
}

impl Adult {
    pub fn claims(&self, minimum: Minimum) -> bool {
        self.minima_sociaux.contains(&minimum)
    }

    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Child {
    pub id: PersonId,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    pub residence: Residence,
    /// AEEH or MDPH notification.
    pub disability: bool,
    pub schooled: bool,
    /// In higher education.
    pub student: bool,
    /// Grown up and left the household: listed for the médaille only.
    pub left: bool,
}

impl Child {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// A household with everything the rules read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Household {
    /// The online portal's reference, kept as the external reference.
    pub reference: Option<String>,
    pub channel: Channel,
    pub site: Option<String>,
    pub received_on: NaiveDate,
    pub address: Address,
    pub adults: Vec<Adult>,
    /// The two adults form a couple (Améthyste ceiling).
    pub couple: bool,
    /// In the order given (twins keep it).
    pub children: Vec<Child>,
    pub documents: Vec<Document>,
}

/// A person of the household, adult or child.
#[derive(Debug, Clone, Copy)]
pub enum Person<'a> {
    Adult(&'a Adult),
    Child(&'a Child),
}

impl Person<'_> {
    pub fn full_name(&self) -> String {
        match self {
            Person::Adult(a) => a.full_name(),
            Person::Child(c) => c.full_name(),
        }
    }

    pub fn first_name(&self) -> &str {
        match self {
            Person::Adult(a) => &a.first_name,
            Person::Child(c) => &c.first_name,
        }
    }

    pub fn last_name(&self) -> &str {
        match self {
            Person::Adult(a) => &a.last_name,
            Person::Child(c) => &c.last_name,
        }
    }
}

impl Household {
    pub fn person(&self, id: &PersonId) -> Option<Person<'_>> {
        self.adults
            .iter()
            .find(|a| &a.id == id)
            .map(Person::Adult)
            .or_else(|| {
                self.children
                    .iter()
                    .find(|c| &c.id == id)
                    .map(Person::Child)
            })
    }

    pub fn adult(&self, id: &PersonId) -> Option<&Adult> {
        self.adults.iter().find(|a| &a.id == id)
    }

    pub fn child(&self, id: &PersonId) -> Option<&Child> {
        self.children.iter().find(|c| &c.id == id)
    }

    /// Children ranked by birth date, eldest first; children born the same day keep their order.
    pub fn children_by_age(&self) -> Vec<&Child> {
        let mut children: Vec<&Child> = self.children.iter().collect();
        children.sort_by_key(|c| c.birth_date);
        children
    }

    /// A name for the household: the first adult's last name.
    pub fn name(&self) -> String {
        self.adults
            .first()
            .map(|a| a.last_name.clone())
            .unwrap_or_default()
    }
}
