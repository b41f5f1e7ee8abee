//! The aid schemes (dispositifs) and their codes: PL, CL, KS, LR, AM, MF.

use serde::{Deserialize, Serialize};

/// An optional aid of the CCAS (dispositif / aide facultative).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Scheme {
    /// Rueil Pass'Loisirs: a voucher per child.
    #[serde(rename = "PL")]
    PassLoisirs,
    /// Rueil CAP Loisirs: a voucher per adult on RSA, ASS or AAH.
    #[serde(rename = "CL")]
    CapLoisirs,
    /// Kit de rentrée scolaire: a kit per schooled child.
    #[serde(rename = "KS")]
    SchoolKit,
    /// Lire à Rueil: a book chèque per child.
    #[serde(rename = "LR")]
    LireARueil,
    /// Carte Améthyste: a request file sent to the département.
    #[serde(rename = "AM")]
    Amethyste,
    /// Médaille de l'enfance et des familles: a file for the préfet.
    #[serde(rename = "MF")]
    FamilyMedal,
}

impl Scheme {
    pub const ALL: [Scheme; 6] = [
        Scheme::PassLoisirs,
        Scheme::CapLoisirs,
        Scheme::SchoolKit,
        Scheme::LireARueil,
        Scheme::Amethyste,
        Scheme::FamilyMedal,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Scheme::PassLoisirs => "PL",
            Scheme::CapLoisirs => "CL",
            Scheme::SchoolKit => "KS",
            Scheme::LireARueil => "LR",
            Scheme::Amethyste => "AM",
            Scheme::FamilyMedal => "MF",
        }
    }

    pub fn from_code(code: &str) -> Option<Scheme> {
        Scheme::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The French name shown to agents.
    pub fn label(self) -> &'static str {
        match self {
            Scheme::PassLoisirs => "Pass'Loisirs",
            Scheme::CapLoisirs => "CAP Loisirs",
            Scheme::SchoolKit => "kit de rentrée scolaire",
            Scheme::LireARueil => "Lire à Rueil",
            Scheme::Amethyste => "carte Améthyste",
            Scheme::FamilyMedal => "médaille de l'enfance et des familles",
        }
    }

    /// True for the schemes that issue numbered vouchers (PL, CL, KS, LR).
    pub fn is_numbered(self) -> bool {
        matches!(
            self,
            Scheme::PassLoisirs | Scheme::CapLoisirs | Scheme::SchoolKit | Scheme::LireARueil
        )
    }

    /// True for the schemes whose beneficiaries are children.
    pub fn for_children(self) -> bool {
        matches!(
            self,
            Scheme::PassLoisirs | Scheme::SchoolKit | Scheme::LireARueil
        )
    }

    /// True for the schemes that need a saved QF of the year (a tranche condition).
    pub fn needs_saved_qf(self) -> bool {
        self.for_children()
    }
}

impl std::fmt::Display for Scheme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
