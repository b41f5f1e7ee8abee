//! Scenario D in the window, with a real central office and a second desk driven by the `guichet`
//! command: desk 02 (the CCAS) registers the Le Goff family, gives Maël Pass'Loisirs and syncs;
//! desk 01 (the outreach permanence, this window) has the same family registered with "Mael" and,
//! offline and not enrolled yet, gives him Pass'Loisirs too. A supervisor enrols the desk from the
//! window (an absent central office and a wrong code are explained beside their fields); the
//! background sync goes online, offline when the central office stops, online again; Synchroniser
//! reports the conflicts; the supervisor voids this desk's voucher from the conflicts screen and
//! syncs, then merges Maël and Mael; the central office and both desks then agree. An agent reads
//! the conflicts only.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};
use fantoccini::{Client, Locator, key::Key};
use guichet_core::household::Channel;
use guichet_store::CaseFile;
use guichet_tests::central::{CentralOffice, output_of, workspace_binary};
use guichet_tests::{screenshot, wait_for_text, workspace_root};

use super::desk_session::{
    AGENT, SUPERVISOR, Window, case_file_with_demo, click, press, press_alt, type_into,
};

/// The day of the scenario (October's permanence is synced in November).
const TODAY: &str = "2025-11-20";
const REASON: &str = "doublon : déjà servi au guichet 02";

/// The Le Goff family's request, with the second child's first name as `mael`.
fn le_goff(mael: &str) -> Result<String> {
    let path = workspace_root().join("fixtures/households/le-goff-newcomers-mael.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("could not read {}", path.display()))?;
    ensure!(text.contains("\"Maël\""), "the fixture names Maël");
    Ok(text.replace("\"Maël\"", &format!("\"{mael}\"")))
}

/// Desk 02, driven through the `guichet` command.
struct OtherDesk {
    binary: std::path::PathBuf,
    case_file: std::path::PathBuf,
}

impl OtherDesk {
    fn run(&self, args: &[&str]) -> Result<String> {
        output_of(
            Command::new(&self.binary)
                .env_remove("GUICHET_CASE_FILE")
                .env_remove("GUICHET_AGENT")
                .env("GUICHET_TODAY", TODAY)
                .arg("--case-file")
                .arg(&self.case_file)
                .args(args),
        )
    }

    fn json(&self, args: &[&str]) -> Result<serde_json::Value> {
        Ok(serde_json::from_str(&self.run(args)?)?)
    }

    /// Registers the Le Goff family (Maël), saves its QF 2025, gives Maël Pass'Loisirs, enrols
    /// and syncs; the voucher's number.
    fn registers_and_syncs(dir: &Path, central: &CentralOffice) -> Result<(OtherDesk, String)> {
        let desk = OtherDesk {
            binary: workspace_binary("guichet")?,
            case_file: dir.join("desk-02.sqlite"),
        };
        desk.run(&[
            "init",
            "--desk",
            "02",
            "--agent",
            "Agent 02",
            "--supervisor",
            "Sophie Bernard",
        ])?;
        let request = dir.join("le-goff-02.json");
        std::fs::write(&request, le_goff("Maël")?)?;
        desk.run(&["import", &request.to_string_lossy()])?;
        desk.run(&[
            "qf",
            "--household",
            "F-02-000001",
            "--year",
            "2025",
            "--on",
            "2025-10-14",
            "--save",
        ])?;
        let pdf = dir.join("pl-02.pdf");
        let issued = desk.json(&[
            "issue",
            "--household",
            "F-02-000001",
            "--scheme",
            "PL",
            "--beneficiary",
            "P-02-000004",
            "--pdf",
            &pdf.to_string_lossy(),
            "--json",
        ])?;
        let voucher = issued["issued"][0]["number"]
            .as_str()
            .context("desk 02 issued no voucher")?
            .to_owned();
        let code = central.enrolment_code("02")?;
        desk.run(&["enrol", "--central", &central.url(), "--code", &code])?;
        let synced = desk.json(&["sync", "--json"])?;
        ensure!(
            synced["pending"] == 0,
            "desk 02 did not push everything: {synced}"
        );
        Ok((desk, voucher))
    }
}

/// Desk 01's case file: the Le Goff family registered with "Mael", its QF 2025 saved.
fn outreach_case_file(dir: &Path) -> Result<std::path::PathBuf> {
    let on = guichet_store::parse_today(TODAY)?;
    let mut case_file = case_file_with_demo(dir, 0, on)?;
    let household = case_file
        .import_request(&le_goff("Mael")?, AGENT)?
        .household
        .to_string();
    ensure!(household == "F-01-000001", "{household}");
    case_file.save_qf(
        &household,
        2025,
        guichet_store::parse_today("2025-10-14")?,
        None,
        Channel::Desk,
        AGENT,
        None,
    )?;
    case_file.checkpoint()?;
    Ok(case_file.path().to_owned())
}

/// The conflict of kind `kind` in a `conflicts --json` list.
fn of_kind<'a>(conflicts: &'a [serde_json::Value], kind: &str) -> Result<&'a serde_json::Value> {
    conflicts
        .iter()
        .find(|c| c["kind"] == kind)
        .with_context(|| format!("no {kind} among {conflicts:#?}"))
}

/// The id of the duplicate_person conflict whose first person is `person`.
fn at_central_duplicate_of(central: &CentralOffice, person: &str) -> Result<i64> {
    central
        .conflicts()?
        .iter()
        .find(|c| c["kind"] == "duplicate_person" && c["people"][0] == person)
        .and_then(|c| c["id"].as_i64())
        .with_context(|| format!("no duplicate of {person} at the central office"))
}

fn open_count(conflicts: &[serde_json::Value]) -> usize {
    conflicts.iter().filter(|c| c["status"] == "open").count()
}

async fn choose_agent(client: &Client, name: &str) -> Result<()> {
    click(client, "changer-agent").await?;
    wait_for_text(client, "#titre-agent", "Qui travaille").await?;
    for button in client.find_all(Locator::Css(".agent-choice")).await? {
        if button.text().await?.contains(name) {
            button.click().await?;
            wait_for_text(client, "#etat-agent", name).await?;
            return Ok(());
        }
    }
    bail!("{name} is not offered")
}

/// Opens the household's Aides and issues Pass'Loisirs to Mael only; the PDF is saved.
async fn issue_pass_loisirs_to_mael(client: &Client) -> Result<()> {
    let search = client.wait().for_element(Locator::Id("recherche")).await?;
    search.send_keys("le goff").await?;
    wait_for_text(client, "#resultats", "F-01-000001").await?;
    search
        .send_keys(&char::from(Key::Enter).to_string())
        .await?;
    wait_for_text(client, ".file-header", "F-01-000001").await?;
    client
        .find(Locator::Id("onglet-aides"))
        .await?
        .click()
        .await?;
    wait_for_text(client, "#emettre", "Mael").await?;
    let chosen = client
        .execute(
            "let chosen = [];
             for (const label of document.querySelectorAll('#emettre label.check')) {
               const box = label.querySelector('input[type=checkbox]');
               if (!box) continue;
               const text = label.textContent;
               const wanted = text.includes(\"Pass'Loisirs\") && text.includes('Mael');
               if (box.checked !== wanted) box.click();
               if (wanted) chosen.push(text.trim());
             }
             return chosen;",
            vec![],
        )
        .await?;
    ensure!(
        chosen.as_array().is_some_and(|c| c.len() == 1),
        "Pass'Loisirs for Mael is not offered once: {chosen}"
    );
    click(client, "emettre-bouton").await?;
    wait_for_text(client, "#aides-message", "PDF enregistré").await?;
    wait_for_text(client, "#bons", "Mael").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scenario_d_a_double_issuance_found_at_sync_is_resolved_from_the_window() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut central = CentralOffice::new(dir.path())?;
    central.start()?;
    let (ccas, ccas_voucher) = OtherDesk::registers_and_syncs(dir.path(), &central)?;
    let code = central.enrolment_code("01")?;
    // The permanence has no network: the central office is out of reach all afternoon.
    central.stop();
    let case_file = outreach_case_file(dir.path())?;
    let answers = dir.path().join("dialogs");
    // The authority file the open dialog answers: not a certificate.
    std::fs::create_dir_all(answers.join("open"))?;
    std::fs::write(
        answers.join("open").join("autorite-ccas.pem"),
        "pas un certificat\n",
    )?;

    let window = Window::open(
        &case_file,
        &[
            ("GUICHET_TODAY", OsString::from(TODAY)),
            ("GUICHET_AGENT", OsString::from(AGENT)),
            ("GUICHET_SYNC_EVERY_SECONDS", OsString::from("2")),
            ("GUICHET_DIALOG_ANSWERS", answers.into_os_string()),
        ],
    )
    .await?;
    let client = &window.client;
    let outcome = async {
        // Not enrolled: the status bar says so; the agent issues Pass'Loisirs offline.
        wait_for_text(client, "#etat-connexion", "Non inscrit").await?;
        issue_pass_loisirs_to_mael(client).await?;
        screenshot(client, "sync-not-enrolled").await?;

        // Only a supervisor enrols the desk.
        client
            .find(Locator::Id("nav-accueil"))
            .await?
            .click()
            .await?;
        press_alt(client, '4').await?;
        wait_for_text(client, "#synchro-inscription", "un responsable doit").await?;
        choose_agent(client, SUPERVISOR).await?;
        press_alt(client, '4').await?;

        // The central office does not answer: said beside its address, the code kept.
        type_into(client, "inscription-adresse", &central.url()).await?;
        type_into(client, "inscription-code", &code).await?;
        press(client, Key::Enter).await?;
        wait_for_text(client, "#erreur-central", "ne répond pas").await?;
        let kept = client
            .find(Locator::Id("inscription-code"))
            .await?
            .prop("value")
            .await?;
        ensure!(
            kept.as_deref() == Some(code.as_str()),
            "the code was lost: {kept:?}"
        );
        screenshot(client, "sync-enrol-unreachable").await?;

        // An authority file that holds no certificate: said beside it before anything is sent;
        // "Retirer" goes back to the public authorities.
        let https = central.url().replacen("http://", "https://", 1);
        type_into(client, "inscription-adresse", &https).await?;
        click(client, "inscription-autorite-choisir").await?;
        wait_for_text(client, "#inscription-autorite", "autorite-ccas.pem").await?;
        click(client, "inscription-valider").await?;
        wait_for_text(client, "#erreur-authority", "inutilisable").await?;
        screenshot(client, "sync-enrol-authority").await?;
        click(client, "inscription-autorite-retirer").await?;
        wait_for_text(client, "#inscription-autorite", "autorités publiques").await?;
        type_into(client, "inscription-adresse", &central.url()).await?;

        // Back at the office: a wrong code is refused beside the code; the right one enrols.
        central.start()?;
        type_into(client, "inscription-code", "ABCD-EFGH-IJKL").await?;
        press(client, Key::Enter).await?;
        wait_for_text(client, "#erreur-code", "Le service central a refusé").await?;
        type_into(client, "inscription-code", &code).await?;
        press(client, Key::Enter).await?;
        wait_for_text(client, "#inscription-faite", "inscrit").await?;
        wait_for_text(client, "#etat-connexion", "En ligne").await?;

        // The background sync pushes and pulls on its own: the conflicts arrive.
        wait_for_text(client, "#etat-conflits", "5 conflits ouverts").await?;
        wait_for_text(client, "#etat-attente", "rien en attente").await?;
        // The last sync is now (the clock's, not GUICHET_TODAY's), written `25/11/2026 14:02`.
        let last = wait_for_text(client, "#etat-derniere-synchro", "dernière synchro ").await?;
        let when = last.trim_start_matches("dernière synchro ");
        ensure!(
            when.len() == "25/11/2026 14:02".len()
                && when.chars().enumerate().all(|(i, c)| match i {
                    2 | 5 => c == '/',
                    10 => c == ' ',
                    13 => c == ':',
                    _ => c.is_ascii_digit(),
                }),
            "the last sync is not written as a French date and time: {last:?}"
        );

        // The central office stops: the desk goes offline, and Synchroniser says why.
        // From Accueil, the outcome shows above the status bar; Synchronisation shows it too.
        central.stop();
        press_alt(client, '1').await?;
        wait_for_text(client, "#etat-connexion", "Hors ligne").await?;
        press_alt(client, 's').await?;
        wait_for_text(client, "#synchro-bilan", "ne répond pas").await?;
        screenshot(client, "sync-offline").await?;
        press_alt(client, '4').await?;
        wait_for_text(client, "#synchro-resultat", "Le travail est gardé").await?;
        wait_for_text(client, "#synchro-connexion", "Hors ligne").await?;

        // It comes back: online again on its own; Synchroniser reports the conflicts.
        central.start()?;
        press_alt(client, '1').await?;
        wait_for_text(client, "#etat-connexion", "En ligne").await?;
        click(client, "synchroniser").await?;
        wait_for_text(client, "#synchro-bilan", "5 conflits ouverts").await?;
        screenshot(client, "sync-online").await?;
        anyhow::Ok(())
    }
    .await;
    let outcome = match outcome {
        Ok(()) => resolve_from_the_window(client, &central, &case_file, &ccas_voucher).await,
        Err(error) => Err(error),
    };
    if outcome.is_err() {
        let _ = screenshot(client, "sync-failure").await;
    }
    window.close(outcome).await?;

    // Both desks and the central office agree.
    let at_central = central.conflicts()?;
    let double = of_kind(&at_central, "double_issuance")?;
    ensure!(double["status"] == "resolved", "{double:#}");
    ccas.run(&["sync", "--json"])?;
    let at_ccas: serde_json::Value = ccas.json(&["conflicts", "--json"])?;
    let at_ccas = at_ccas["conflicts"].as_array().cloned().unwrap_or_default();
    ensure!(
        of_kind(&at_ccas, "double_issuance")? == double,
        "desk 02 disagrees: {at_ccas:#?}"
    );
    let outreach = CaseFile::open(&case_file)?;
    let mine = outreach
        .conflicts()?
        .into_iter()
        .find(|c| c.kind == "double_issuance")
        .context("desk 01 lost the conflict")?;
    ensure!(
        mine.status == "resolved"
            && serde_json::to_value(&mine.resolution)? == double["resolution"],
        "desk 01 disagrees: {mine:?} / {double:#}"
    );
    ensure!(
        outreach.sync_status()?.pending == 0,
        "desk 01 has events waiting"
    );
    Ok(())
}

/// The supervisor voids this desk's voucher from the conflicts screen and syncs; an agent then
/// reads the conflicts without any button to resolve them.
async fn resolve_from_the_window(
    client: &Client,
    central: &CentralOffice,
    case_file: &Path,
    ccas_voucher: &str,
) -> Result<()> {
    let at_central = central.conflicts()?;
    ensure!(open_count(&at_central) == 5, "{at_central:#?}");
    let double = of_kind(&at_central, "double_issuance")?;
    let id = double["id"].as_i64().context("a conflict has an id")?;
    let mine = CaseFile::open(case_file)?
        .household_vouchers("F-01-000001")?
        .into_iter()
        .find(|v| v.scheme.code() == "PL")
        .context("desk 01 issued no Pass'Loisirs")?
        .number
        .to_string();

    // The status bar's conflicts open the list: both vouchers, Maël and Mael with their birth date.
    click(client, "etat-conflits").await?;
    let conflict = format!("#conflit-{id}");
    wait_for_text(client, &conflict, "aide donnée deux fois").await?;
    wait_for_text(client, &conflict, &mine).await?;
    wait_for_text(client, &conflict, ccas_voucher).await?;
    wait_for_text(client, &conflict, "Maël Le Goff, né(e) le 12/05/2017").await?;
    wait_for_text(client, &conflict, "Mael Le Goff, né(e) le 12/05/2017").await?;
    wait_for_text(client, "#conflits", "personne enregistrée deux fois").await?;
    screenshot(client, "sync-conflicts").await?;

    // Void the second voucher (this desk's), with a reason; Enter validates.
    click(client, &format!("annuler-{mine}")).await?;
    type_into(client, "conflit-motif", REASON).await?;
    screenshot(client, "sync-void-reason").await?;
    press(client, Key::Enter).await?;
    wait_for_text(client, "#conflit-message", "résolu").await?;
    wait_for_text(client, &conflict, "Résolu").await?;
    wait_for_text(client, "#etat-conflits", "4 conflits ouverts").await?;

    // Synchroniser sends the resolution; the central office confirms it.
    click(client, "synchroniser").await?;
    wait_for_text(client, "#synchro-resultat", "4 conflits ouverts").await?;
    wait_for_text(client, &conflict, SUPERVISOR).await?;
    screenshot(client, "sync-resolved").await?;
    let double = of_kind(&central.conflicts()?, "double_issuance")?.clone();
    ensure!(double["status"] == "resolved", "{double:#}");
    ensure!(
        double["resolution"]["voucher"] == mine.as_str(),
        "{double:#}"
    );
    ensure!(double["resolution"]["desk"] == "01", "{double:#}");
    ensure!(double["resolution"]["by"] == SUPERVISOR, "{double:#}");
    let voided = CaseFile::open(case_file)?.voucher(&mine)?;
    ensure!(voided.void_reason.as_deref() == Some(REASON), "{voided:?}");

    // Maël and Mael are one person: the supervisor merges them, keeping this desk's record
    // (the first offered), from the keyboard.
    let mael = at_central_duplicate_of(central, "P-01-000004")?;
    click(client, &format!("resoudre-{mael}")).await?;
    let focused = client
        .execute(
            "const e = document.activeElement; return e.name + ' ' + e.value + ' ' + e.checked;",
            vec![],
        )
        .await?;
    ensure!(
        focused == format!("garder-{mael} P-01-000004 true").as_str(),
        "the choice does not have the focus: {focused}"
    );
    press(client, Key::Enter).await?;
    wait_for_text(client, &format!("#conflit-{mael}"), "Résolu").await?;
    wait_for_text(client, "#etat-conflits", "3 conflits ouverts").await?;
    press_alt(client, 's').await?;
    wait_for_text(client, "#synchro-resultat", "3 conflits ouverts").await?;
    let merged = central
        .conflicts()?
        .into_iter()
        .find(|c| c["id"] == mael)
        .context("the duplicate vanished")?;
    ensure!(merged["status"] == "resolved", "{merged:#}");
    ensure!(
        merged["resolution"]["action"] == "merge_persons"
            && merged["resolution"]["keep"] == "P-01-000004"
            && merged["resolution"]["merged"] == "P-02-000004",
        "{merged:#}"
    );

    // An agent sees the conflicts, and no button to resolve them.
    choose_agent(client, AGENT).await?;
    press_alt(client, '4').await?;
    wait_for_text(client, "#conflits", "Seul un responsable").await?;
    wait_for_text(client, "#conflits", "Conflit n°").await?;
    let buttons = client
        .find_all(Locator::Css(
            "#conflits button[id^='annuler-'], #conflits button[id^='resoudre-']",
        ))
        .await?;
    ensure!(buttons.is_empty(), "an agent is offered to resolve");
    screenshot(client, "sync-agent-reads").await?;
    Ok(())
}
