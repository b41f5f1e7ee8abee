//! Registering a household at the desk and correcting its people and documents.

use guichet_core::documents::Document;
use guichet_core::household::{Address, Adult, Channel, Child, Residence};
use guichet_core::{Cents, Household, PersonId};
use guichet_store::{HouseholdFields, PersonData, StoreError};

use crate::support::{AGENT, Fixture, date};

fn benali_at_the_desk() -> Household {
    Household {
        reference: None,
        channel: Channel::Desk,
        site: Some("Mairie de village de Buzenval".to_owned()),
        received_on: date("2025-11-18"),
        address: Address {
            line: "8 rue du Lac".to_owned(),
            postcode: "92500".to_owned(),
            city: "Rueil-Malmaison".to_owned(),
            department_since: Some(date("2012-09-01")),
        },
        adults: vec![Adult {
            id: PersonId::new("a1"),
            last_name: "Benali".to_owned(),
            first_name: "Karim".to_owned(),
            birth_date: date("1984-02-11"),
            minima_sociaux: Default::default(),
            disability_rate: None,
            retired_unfit: false,
        }],
        couple: false,
        children: vec![],
        documents: vec![Document::Identity {
            holder: PersonId::new("a1"),
            issued_on: date("2018-05-02"),
            expires_on: Some(date("2033-05-01")),
        }],
    }
}

fn child(first: &str, birth: &str) -> PersonData {
    PersonData::Child(Child {
        id: PersonId::new("ignored"),
        last_name: "Benali".to_owned(),
        first_name: first.to_owned(),
        birth_date: date(birth),
        residence: Residence::Full,
        disability: false,
        schooled: true,
        student: false,
        left: false,
    })
}

#[test]
fn a_household_registered_at_the_desk_is_edited_step_by_step_and_journaled() {
    let mut fixture = Fixture::new();
    let events_before = fixture.case_file.last_seq().unwrap();
    let number = fixture
        .case_file
        .create_household(&benali_at_the_desk(), AGENT)
        .unwrap()
        .to_string();
    assert_eq!(number, "F-07-000001");
    let household = fixture.case_file.household(&number).unwrap();
    assert_eq!(
        household.site.as_deref(),
        Some("Mairie de village de Buzenval")
    );
    assert!(household.documents[0].is_held_by(&PersonId::new("P-07-000001")));

    let yanis = fixture
        .case_file
        .add_person(&number, &child("Yanis", "2013-06-02"), AGENT)
        .unwrap();
    let ines = fixture
        .case_file
        .add_person(&number, &child("Inès", "2016-01-20"), AGENT)
        .unwrap();
    assert_eq!(
        (yanis.to_string().as_str(), ines.to_string().as_str()),
        ("P-07-000002", "P-07-000003")
    );
    let household = fixture.case_file.household(&number).unwrap();
    assert_eq!(
        household
            .children
            .iter()
            .map(|c| c.first_name.as_str())
            .collect::<Vec<_>>(),
        ["Yanis", "Inès"]
    );

    let notice = Document::TaxNotice {
        holders: vec![PersonId::new("P-07-000001")],
        issued_on: date("2025-07-28"),
        income_year: 2024,
        reference_tax_income_cents: Cents(3_180_000),
        parts: None,
        income_tax_cents: Cents(0),
    };
    let document = fixture
        .case_file
        .add_document(&number, &notice, AGENT)
        .unwrap();
    let Document::TaxNotice {
        holders,
        issued_on,
        income_year,
        parts,
        income_tax_cents,
        ..
    } = notice
    else {
        unreachable!()
    };
    let corrected = Document::TaxNotice {
        holders,
        issued_on,
        income_year,
        reference_tax_income_cents: Cents(3_190_000),
        parts,
        income_tax_cents,
    };
    fixture
        .case_file
        .update_document(document, &corrected, AGENT)
        .unwrap();
    assert!(
        fixture
            .case_file
            .household(&number)
            .unwrap()
            .documents
            .contains(&corrected)
    );

    let mut fields = HouseholdFields::of(&fixture.case_file.household(&number).unwrap());
    fields.address.line = "10 rue du Lac".to_owned();
    fields.couple = true;
    fixture
        .case_file
        .update_household(&number, &fields, AGENT)
        .unwrap();
    let household = fixture.case_file.household(&number).unwrap();
    assert_eq!(household.address.line, "10 rue du Lac");
    assert!(household.couple);
    assert_eq!(
        fixture.case_file.search("10 rue du lac", 5).unwrap()[0].household,
        number
    );

    fixture
        .case_file
        .remove_person(&ines.to_string(), AGENT)
        .unwrap();
    fixture.case_file.remove_document(document, AGENT).unwrap();
    assert_eq!(
        fixture.case_file.household(&number).unwrap().children.len(),
        1
    );
    assert!(fixture.case_file.search("ines", 5).unwrap().is_empty());
    fixture.check_search_index();

    let events: Vec<String> = fixture
        .case_file
        .history(&number)
        .unwrap()
        .into_iter()
        .map(|h| h.event)
        .collect();
    assert_eq!(
        events,
        [
            "household_registered",
            "person_added",
            "person_added",
            "document_added",
            "document_updated",
            "household_updated",
            "person_removed",
            "document_removed"
        ]
    );
    assert_eq!(fixture.case_file.last_seq().unwrap(), events_before + 8);
}

#[test]
fn a_person_holding_documents_or_the_last_adult_is_not_removed() {
    let mut fixture = Fixture::new();
    let number = fixture
        .case_file
        .create_household(&benali_at_the_desk(), AGENT)
        .unwrap()
        .to_string();
    let before = fixture.snapshot();
    let err = fixture
        .case_file
        .remove_person("P-07-000001", AGENT)
        .unwrap_err();
    assert!(
        err.user_message().contains("pièce d'identité"),
        "{}",
        err.user_message()
    );
    let mut bare = benali_at_the_desk();
    bare.documents.clear();
    let other = fixture
        .case_file
        .create_household(&bare, AGENT)
        .unwrap()
        .to_string();
    let before_other = fixture.snapshot();
    let err = fixture
        .case_file
        .remove_person("P-07-000002", AGENT)
        .unwrap_err();
    assert!(
        err.user_message().contains("seul adulte"),
        "{}",
        err.user_message()
    );
    assert_eq!(fixture.snapshot(), before_other);
    assert_ne!(before, before_other);
    assert_ne!(number, other);
}

#[test]
fn a_role_does_not_change_and_a_duplicate_reference_is_refused_on_edit() {
    let mut fixture = Fixture::new();
    let rousseau = fixture.import("rousseau-rsa.json");
    let number = fixture
        .case_file
        .create_household(&benali_at_the_desk(), AGENT)
        .unwrap()
        .to_string();
    let before = fixture.snapshot();
    let err = fixture
        .case_file
        .update_person("P-07-000004", &child("Karim", "1984-02-11"), AGENT)
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(_)), "{err}");
    let mut fields = HouseholdFields::of(&fixture.case_file.household(&number).unwrap());
    fields.reference = Some("WEB-2025-004812".to_owned());
    let err = fixture
        .case_file
        .update_household(&number, &fields, AGENT)
        .unwrap_err();
    assert_eq!(
        err.user_message(),
        format!("Le dossier {rousseau} a déjà été importé (référence WEB-2025-004812).")
    );
    assert_eq!(fixture.snapshot(), before);
}

#[test]
fn a_household_the_request_rules_refuse_is_not_created() {
    let mut fixture = Fixture::new();
    let before = fixture.snapshot();
    let mut household = benali_at_the_desk();
    household.adults[0].last_name = String::new();
    let err = fixture
        .case_file
        .create_household(&household, AGENT)
        .unwrap_err();
    assert!(matches!(err, StoreError::Request(_)), "{err}");
    assert_eq!(fixture.snapshot(), before);
    let err = fixture
        .case_file
        .update_document(999, &Document::FamilyRecord, AGENT)
        .unwrap_err();
    assert_eq!(err.user_message(), "Aucune pièce n° 999 dans ce dossier.");
}

#[test]
fn a_person_who_received_a_voucher_is_not_removed() {
    let mut fixture = Fixture::new();
    let household = fixture.import("traore-summer-kit-2025.json");
    fixture
        .case_file
        .save_qf(
            &household,
            2025,
            date("2024-10-15"),
            None,
            Channel::Desk,
            AGENT,
            None,
        )
        .unwrap();
    let issued = fixture
        .case_file
        .issue_vouchers(
            &household,
            date("2025-08-27"),
            &guichet_store::Selection {
                schemes: vec![guichet_core::Scheme::PassLoisirs],
                beneficiaries: vec![],
            },
            AGENT,
            None,
        )
        .unwrap();
    let voucher = &issued[0];
    // The beneficiary's documents are removed first, so that only the voucher holds the person.
    let view = fixture
        .case_file
        .household_view(&household, date("2025-08-27"))
        .unwrap();
    for document in view
        .documents
        .iter()
        .filter(|d| d.holders.contains(&voucher.beneficiary))
    {
        fixture
            .case_file
            .remove_document(document.id, AGENT)
            .unwrap();
    }
    let before = fixture.snapshot();
    let err = fixture
        .case_file
        .remove_person(&voucher.beneficiary, AGENT)
        .unwrap_err();
    let message = err.user_message();
    assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
    assert!(message.contains(&voucher.number.to_string()), "{message}");
    assert!(message.contains("ne peut pas être retiré"), "{message}");
    assert_eq!(fixture.snapshot(), before);
}
