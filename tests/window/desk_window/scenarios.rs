//! Scenarios A and B of `SCENARIOS.md` in the real window, from the keyboard where an agent would use
//! it: a household created at the desk, its documents typed, its QF computed, saved and attested;
//! then a mother on RSA given her vouchers, a child's name corrected, and a voucher reissued by a
//! supervisor. The PDFs the app writes are read back with `pdftotext`.
//!
//! The save dialog cannot be clicked by WebDriver: the app is started with `GUICHET_DIALOG_ANSWERS`
//! naming a folder, and answers its save dialogs with a file of that folder (see
//! `src-tauri/src/dialogs.rs`). What the window shows is checked against the store's own answers
//! read from the same case file.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator, key::Key};
use guichet_core::DeskNumber;
use guichet_core::Scheme;
use guichet_core::household::Channel;
use guichet_store::CaseFile;
use guichet_tests::{
    Driver, PATIENCE, VirtualDisplay, desk_binary, pdf_text, screenshot, scroll_to, wait_for_text,
};

const AGENT: &str = "Camille Laurent";
const SUPERVISOR: &str = "Nadia Haddad";

/// A new case file of desk 01 with the shipped reference data and no household.
fn empty_case_file(dir: &Path) -> Result<PathBuf> {
    let path = dir.join("guichet-scenarios.sqlite");
    CaseFile::init(
        &path,
        DeskNumber::new(1).context("desk 01")?,
        AGENT,
        Some(SUPERVISOR),
        "CCAS",
        guichet_core::reference::SHIPPED,
    )?
    .checkpoint()?;
    Ok(path)
}

/// Scrolls `element` to the middle of the window, where an agent would see it before using it.
async fn reveal(client: &Client, element: &Element) -> Result<()> {
    client
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![serde_json::to_value(element)?],
        )
        .await
        .context("could not scroll to an element")?;
    Ok(())
}

async fn fill(client: &Client, id: &str, text: &str) -> Result<()> {
    let field = client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id(id))
        .await
        .with_context(|| format!("no field #{id}"))?;
    reveal(client, &field).await?;
    field
        .clear()
        .await
        .with_context(|| format!("could not clear #{id}"))?;
    field
        .send_keys(text)
        .await
        .with_context(|| format!("could not type in #{id}"))?;
    Ok(())
}

async fn click(client: &Client, css: &str) -> Result<()> {
    let element = client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(css))
        .await
        .with_context(|| format!("nothing matches `{css}`"))?;
    reveal(client, &element).await?;
    element
        .click()
        .await
        .with_context(|| format!("could not click `{css}`"))?;
    Ok(())
}

async fn select(client: &Client, id: &str, value: &str) -> Result<()> {
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id(id))
        .await?
        .select_by_value(value)
        .await
        .with_context(|| format!("could not choose {value} in #{id}"))?;
    Ok(())
}

/// Presses Enter in field `id` (submits its form, as an agent would).
async fn enter_in(client: &Client, id: &str) -> Result<()> {
    client
        .find(Locator::Id(id))
        .await?
        .send_keys(&char::from(Key::Enter).to_string())
        .await?;
    Ok(())
}

/// Starts the app on `case_file` on date `today`, with no agent named (the window asks).
async fn launch(driver: &Driver, case_file: &Path) -> Result<Client> {
    driver
        .launch(
            &desk_binary()?,
            &[OsString::from("--case-file"), case_file.into()],
        )
        .await
}

async fn choose_agent(client: &Client, name: &str) -> Result<()> {
    wait_for_text(client, "#titre-agent", "Qui travaille").await?;
    let buttons = client.find_all(Locator::Css(".agent-choice")).await?;
    for button in buttons {
        if button.text().await?.contains(name) {
            button.click().await?;
            wait_for_text(client, "#etat-agent", name).await?;
            return Ok(());
        }
    }
    bail!("{name} is not offered at start")
}

/// Adds one document through the document form; `fields` are (field id, text) pairs typed in order.
async fn add_document(
    client: &Client,
    kind: &str,
    holder: Option<&str>,
    fields: &[(&str, &str)],
) -> Result<()> {
    click(client, "#ajouter-piece").await?;
    select(client, "piece-kind", kind).await?;
    if let Some(holder) = holder {
        select(client, "piece-holder", holder).await?;
    }
    for (id, text) in fields {
        fill(client, id, text).await?;
    }
    // Enter in the form saves it; a form with no field is saved with its button.
    match fields.last() {
        Some((id, _)) => enter_in(client, id).await?,
        None => click(client, ".editor button[type=submit]").await?,
    }
    wait_for_text(client, "[role=status]", "Pièce enregistrée").await?;
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Id("ajouter-piece"))
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scenario_a_a_household_created_at_the_desk_gets_its_qf_and_attestation() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let case_file = empty_case_file(dir.path())?;
    let answers = dir.path().join("dialogs");
    std::fs::create_dir_all(&answers)?;

    let display = VirtualDisplay::start()?;
    let driver = Driver::start(
        &display,
        &[
            ("GUICHET_TODAY", OsString::from("2025-11-18")),
            ("GUICHET_DIALOG_ANSWERS", answers.clone().into()),
        ],
    )?;
    let client = launch(&driver, &case_file).await?;
    let outcome = scenario_a(&client, &case_file, &answers).await;
    if outcome.is_err() {
        let _ = screenshot(&client, "scenario-a-failure").await;
    }
    let closed = client.close().await;
    outcome?;
    closed.context("could not close the WebDriver session")?;
    Ok(())
}

async fn scenario_a(client: &Client, case_file: &Path, answers: &Path) -> Result<()> {
    choose_agent(client, AGENT).await?;
    // The agent searches "benali": nothing.
    let search = client.wait().for_element(Locator::Id("recherche")).await?;
    search.send_keys("benali").await?;
    wait_for_text(client, ".search-count", "Aucun foyer").await?;

    // Nouveau foyer: a form with an error keeps what was typed and says what is wrong.
    click(client, "#nouveau-foyer-bouton").await?;
    wait_for_text(client, "#titre-nouveau", "Nouveau foyer").await?;
    fill(client, "adresse-ligne", "27 rue Jean Le Coz").await?;
    fill(client, "adresse-depuis", "01/09/2016").await?;
    fill(client, "membre-0-nom", "Benali").await?;
    fill(client, "membre-0-prenom", "Karim").await?;
    fill(client, "membre-0-naissance", "31/02/1983").await?;
    enter_in(client, "membre-0-naissance").await?;
    wait_for_text(client, "#membre-0-naissance-erreur", "n'existe pas").await?;
    let kept = client
        .find(Locator::Id("membre-0-prenom"))
        .await?
        .prop("value")
        .await?;
    ensure!(
        kept.as_deref() == Some("Karim"),
        "the form lost what was typed: {kept:?}"
    );
    screenshot(client, "new-household-error").await?;

    fill(client, "membre-0-naissance", "11/02/1983").await?;
    click(client, "#ajouter-adulte").await?;
    fill(client, "membre-1-nom", "Benali").await?;
    fill(client, "membre-1-prenom", "Nadia").await?;
    fill(client, "membre-1-naissance", "23/07/1986").await?;
    click(client, "#couple").await?;
    for (index, first, birth, shared) in [
        (2, "Yanis", "14/03/2012", false),
        (3, "Inès", "02/09/2015", false),
        (4, "Adam", "21/06/2019", true),
    ] {
        click(client, "#ajouter-enfant").await?;
        fill(client, &format!("membre-{index}-nom"), "Benali").await?;
        fill(client, &format!("membre-{index}-prenom"), first).await?;
        fill(client, &format!("membre-{index}-naissance"), birth).await?;
        if shared {
            let boxes = client
                .find_all(Locator::Css(&format!(
                    "#nouveau-foyer fieldset.member:nth-of-type({}) .choices input",
                    index + 1
                )))
                .await?;
            // Scolarisé(e), then Résidence alternée.
            boxes
                .get(1)
                .context("no shared-residence box")?
                .click()
                .await?;
        }
    }
    screenshot(client, "new-household").await?;
    enter_in(client, "membre-4-naissance").await?;

    // The file opens on the new household.
    wait_for_text(client, ".file-header", "Dossier F-01-000001").await?;
    let store = CaseFile::open(case_file)?;
    let number = "F-01-000001";
    let on = guichet_store::parse_today("2025-11-18")?;
    let view = store.household_view(number, on)?;
    ensure!(view.members.len() == 5, "members: {:?}", view.members);
    let person = |first: &str| -> Result<String> {
        view.members
            .iter()
            .find(|m| m.first_name == first)
            .map(|m| m.number.clone())
            .with_context(|| format!("{first} not registered"))
    };
    let (karim, nadia) = (person("Karim")?, person("Nadia")?);
    ensure!(
        view.members
            .iter()
            .any(|m| m.first_name == "Adam" && m.flags.iter().any(|f| f == "résidence alternée")),
        "Adam is not in shared residence: {:?}",
        view.members
    );

    // The address was mistyped: corrected in the file (Enter saves).
    click(client, "#modifier-adresse").await?;
    fill(
        client,
        "adresse-edition-ligne",
        "27 rue Jean Le Coz, bât. B",
    )
    .await?;
    enter_in(client, "adresse-edition-ligne").await?;
    wait_for_text(client, "#adresse", "bât. B").await?;
    ensure!(
        store.household(number)?.address.line == "27 rue Jean Le Coz, bât. B",
        "the address was not saved"
    );

    // The documents, typed one after the other; the QF checklist turns complete.
    add_document(
        client,
        "identity",
        Some(&karim),
        &[
            ("piece-issued_on", "03/05/2018"),
            ("piece-expires_on", "02/05/2033"),
        ],
    )
    .await?;
    add_document(
        client,
        "identity",
        Some(&nadia),
        &[
            ("piece-issued_on", "12/10/2021"),
            ("piece-expires_on", "11/10/2031"),
        ],
    )
    .await?;
    for (holder, issued, rfr, tax) in [
        (&karim, "24/07/2025", "31 800,00", "1 423,00"),
        (&nadia, "31/07/2025", "15 600,00", "0"),
    ] {
        click(client, "#ajouter-piece").await?;
        select(client, "piece-kind", "tax_notice").await?;
        let boxes = client
            .find_all(Locator::Css("fieldset.choices input[type=checkbox]"))
            .await?;
        let index = if holder == &karim { 0 } else { 1 };
        boxes.get(index).context("holder box")?.click().await?;
        fill(client, "piece-issued_on", issued).await?;
        fill(client, "piece-income_year", "2024").await?;
        fill(client, "piece-reference_tax_income", rfr).await?;
        fill(client, "piece-income_tax", tax).await?;
        if holder == &karim {
            screenshot(client, "document-editor").await?;
        }
        enter_in(client, "piece-income_tax").await?;
        wait_for_text(client, "[role=status]", "Pièce enregistrée").await?;
    }
    add_document(
        client,
        "proof_of_address",
        None,
        &[
            ("piece-issued_on", "09/10/2025"),
            ("piece-postcode", "92500"),
        ],
    )
    .await?;
    add_document(
        client,
        "benefits_certificate",
        Some(&nadia),
        &[
            ("piece-issued_on", "03/11/2025"),
            ("piece-benefits", "315,40"),
        ],
    )
    .await?;
    add_document(client, "family_record", None, &[]).await?;
    add_document(
        client,
        "custody_judgment",
        None,
        &[("piece-issued_on", "16/03/2021")],
    )
    .await?;
    let view = store.household_view(number, on)?;
    let qf_list = view
        .checklists
        .iter()
        .find(|c| c.procedure == "qf" && c.year == 2026)
        .context("QF 2026 checklist")?;
    ensure!(
        qf_list.complete,
        "QF 2026 checklist incomplete: {:?}",
        qf_list.items
    );
    wait_for_text(client, "#pieces", "31 800,00").await?;

    // The scan of Karim's tax notice, picked with the file dialog (its answer: the newest image of
    // the answers' `open/` folder), kept in the case file and shown in the window.
    let open = answers.join("open");
    std::fs::create_dir_all(&open)?;
    let scan = open.join("avis-karim.png");
    let made = Command::new("convert")
        .args(["-size", "700x260", "-background", "white", "-fill", "black"])
        .args([
            "-pointsize",
            "26",
            "label:AVIS D'IMPOSITION 2025\nKarim Benali\nRFR 31 800 €",
        ])
        .arg(&scan)
        .status()
        .context(
            "ImageMagick's convert is not installed (cargo xtask test installs imagemagick)",
        )?;
    ensure!(made.success(), "convert could not draw the scan");
    click(
        client,
        "button[aria-label=\"Joindre un scan à la pièce avis d'imposition\"]",
    )
    .await?;
    wait_for_text(client, "[role=status]", "avis-karim.png").await?;
    let scans = store.household_view(number, on)?;
    let scanned = scans
        .documents
        .iter()
        .flat_map(|d| &d.scans)
        .find(|s| s.file_name == "avis-karim.png")
        .context("the scan is not in the case file")?;
    ensure!(
        store.scan(scanned.id)?.content == std::fs::read(&scan)?,
        "the scan kept differs from the file"
    );
    click(client, "button[aria-label='Voir le scan avis-karim.png']").await?;
    client
        .wait()
        .at_most(PATIENCE)
        .for_element(Locator::Css(".scan-preview img"))
        .await?;
    scroll_to(client, ".scan-preview").await?;
    screenshot(client, "document-scan").await?;
    click(client, ".scan-preview button").await?;
    scroll_to(client, "#pieces").await?;
    screenshot(client, "household-documents").await?;

    // Quotient familial (Alt+2): the working line by line, then saved at the mairie de village.
    click(client, "#onglet-qf").await?;
    let working = store.qf_working(number, 2026, on)?;
    ensure!(
        working.complete,
        "QF 2026 cannot be saved: {:?}",
        working.blocking
    );
    for line in &working.lines {
        wait_for_text(client, "#qf-detail", line).await?;
    }
    wait_for_text(client, "#qf-calcul", "1\u{202f}218,68").await?;
    wait_for_text(client, "#qf-calcul", "tranche 5").await?;
    fill(client, "qf-site", "Mairie de village de Buzenval").await?;
    screenshot(client, "qf").await?;
    enter_in(client, "qf-site").await?;
    wait_for_text(client, "#ecran-qf [role=status]", "QF 2026 enregistré").await?;
    let saved = store.saved_qf(number, 2026)?.context("QF 2026 not saved")?;
    ensure!(
        saved.site == "Mairie de village de Buzenval",
        "site: {}",
        saved.site
    );
    ensure!(
        saved.channel == Channel::Desk && saved.tranche == 5,
        "{saved:?}"
    );

    // The attestation, saved where the agent chooses.
    click(client, "#attestation-enregistrer").await?;
    wait_for_text(client, "#ecran-qf [role=status]", "Attestation enregistrée").await?;
    let text = pdf_text(&answers.join("attestation-QF-2026-F-01-000001.pdf"))?;
    ensure!(
        text.contains("F-01-000001"),
        "the attestation does not name the file:\n{text}"
    );
    ensure!(
        text.contains("1 218,68") || text.contains("1\u{202f}218,68"),
        "no QF on the attestation:\n{text}"
    );
    screenshot(client, "qf-saved").await?;

    // History: what was done, by whom.
    click(client, "#onglet-dossier").await?;
    wait_for_text(client, "#historique", "QF 2026 enregistré").await?;
    wait_for_text(client, "#historique", AGENT).await?;
    scroll_to(client, "#historique").await?;
    screenshot(client, "household-history").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scenario_b_vouchers_issued_printed_corrected_and_reissued_by_a_supervisor() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let case_file = empty_case_file(dir.path())?;
    // Her request came online in December and her QF was computed then (channel online).
    let number = {
        let mut store = CaseFile::open(&case_file)?;
        let request = std::fs::read_to_string(
            guichet_tests::workspace_root().join("fixtures/households/rousseau-rsa.json"),
        )?;
        let number = store.import_request(&request, AGENT)?.household.to_string();
        store.save_qf(
            &number,
            2026,
            guichet_store::parse_today("2025-12-03")?,
            None,
            Channel::Online,
            AGENT,
            None,
        )?;
        store.checkpoint()?;
        number
    };
    let answers = dir.path().join("dialogs");
    std::fs::create_dir_all(&answers)?;

    let display = VirtualDisplay::start()?;
    let driver = Driver::start(
        &display,
        &[
            ("GUICHET_TODAY", OsString::from("2026-03-10")),
            ("GUICHET_DIALOG_ANSWERS", answers.clone().into()),
        ],
    )?;
    let client = launch(&driver, &case_file).await?;
    let outcome = scenario_b(&client, &case_file, &number, &answers).await;
    if outcome.is_err() {
        let _ = screenshot(&client, "scenario-b-failure").await;
    }
    let closed = client.close().await;
    outcome?;
    closed.context("could not close the WebDriver session")?;
    Ok(())
}

async fn scenario_b(client: &Client, case_file: &Path, number: &str, answers: &Path) -> Result<()> {
    screenshot(client, "choose-agent").await?;
    choose_agent(client, AGENT).await?;
    let search = client.wait().for_element(Locator::Id("recherche")).await?;
    search.send_keys("rousseau").await?;
    wait_for_text(client, "#resultats", number).await?;
    search
        .send_keys(&char::from(Key::Enter).to_string())
        .await?;
    wait_for_text(client, ".file-header", number).await?;

    // Aides: PL for both children, CL for her; all three issued, the PDF saved.
    click(client, "#onglet-aides").await?;
    wait_for_text(client, "#ecran-aides", "Lucas").await?;
    wait_for_text(client, "#ecran-aides", "Élodie").await?;
    // What is left of each budget concerned, as the store counts it, before issuing.
    let before = CaseFile::open(case_file)?;
    for scheme in [Scheme::PassLoisirs, Scheme::CapLoisirs] {
        let budget = before.budget(scheme, 2026)?;
        wait_for_text(
            client,
            "#aides-budgets",
            &format!("{} {}", scheme.label(), budget.format(budget.left)),
        )
        .await?;
    }
    screenshot(client, "aids").await?;
    click(client, "#emettre-bouton").await?;
    wait_for_text(client, "#aides-message", "PDF enregistré").await?;
    let store = CaseFile::open(case_file)?;
    let issued = store.household_vouchers(number)?;
    let schemes: Vec<&str> = issued.iter().map(|v| v.scheme.code()).collect();
    ensure!(
        issued.len() == 3
            && schemes.iter().filter(|s| **s == "PL").count() == 2
            && schemes.contains(&"CL"),
        "issued: {schemes:?}"
    );
    let text = pdf_text(&answers.join(format!("bons-{number}.pdf")))?;
    for voucher in &issued {
        ensure!(
            text.contains(&voucher.number.to_string()),
            "the PDF does not show {}:\n{text}",
            voucher.number
        );
    }
    for voucher in &issued {
        wait_for_text(client, "#bons", &voucher.number.to_string()).await?;
    }
    screenshot(client, "aids-issued").await?;

    // The agent corrects Natan's first name in the file.
    click(client, "#onglet-dossier").await?;
    let natan = issued
        .iter()
        .find(|v| v.beneficiary_first_name == "Natan")
        .context("no voucher for Natan")?
        .clone();
    click(
        client,
        "button[aria-label='Modifier la fiche de Natan Rousseau']",
    )
    .await?;
    fill(client, "membre-edition-prenom", "Nathan").await?;
    enter_in(client, "membre-edition-prenom").await?;
    wait_for_text(client, "#membres", "Nathan").await?;

    // An agent may not void: the buttons are a supervisor's. The supervisor takes the desk.
    click(client, "#onglet-aides").await?;
    wait_for_text(client, "#ecran-aides", "un responsable doit le faire").await?;
    click(client, "#changer-agent").await?;
    choose_agent(client, SUPERVISOR).await?;
    let search = client.wait().for_element(Locator::Id("recherche")).await?;
    search.clear().await?;
    search.send_keys(number).await?;
    wait_for_text(client, "#resultats", number).await?;
    search
        .send_keys(&char::from(Key::Enter).to_string())
        .await?;
    wait_for_text(client, ".file-header", number).await?;
    click(client, "#onglet-aides").await?;

    // Reissue Nathan's voucher, reason "nom erroné": voided, a new number printed with his name.
    click(
        client,
        &format!("button[aria-label='Réémettre le bon {}']", natan.number),
    )
    .await?;
    fill(client, "bon-motif", "nom erroné").await?;
    screenshot(client, "aids-reissue").await?;
    enter_in(client, "bon-motif").await?;
    wait_for_text(client, "#aides-message", "réémis").await?;
    let old = store.voucher(&natan.number.to_string())?;
    let new_number = old
        .replaced_by
        .clone()
        .context("the voucher was not reissued")?;
    ensure!(old.void_reason.as_deref() == Some("nom erroné"), "{old:?}");
    let text = pdf_text(&answers.join(format!("bon-{new_number}.pdf")))?;
    ensure!(
        text.contains(&new_number),
        "the new voucher does not show {new_number}:\n{text}"
    );
    ensure!(
        text.contains("Nathan"),
        "the new voucher does not name Nathan:\n{text}"
    );
    wait_for_text(client, "#bons", &new_number).await?;
    wait_for_text(client, "#bons", "annulé").await?;

    // And a plain void, with its reason, of the CAP Loisirs voucher.
    let cap = issued
        .iter()
        .find(|v| v.scheme.code() == "CL")
        .context("no CAP Loisirs voucher")?;
    click(
        client,
        &format!("button[aria-label='Annuler le bon {}']", cap.number),
    )
    .await?;
    fill(client, "bon-motif", "erreur de saisie").await?;
    enter_in(client, "bon-motif").await?;
    wait_for_text(client, "#aides-message", "annulé").await?;
    let voided = store.voucher(&cap.number.to_string())?;
    ensure!(
        voided.void_reason.as_deref() == Some("erreur de saisie"),
        "{voided:?}"
    );
    scroll_to(client, "#bons").await?;
    screenshot(client, "aids-after-reissue").await?;
    Ok(())
}
