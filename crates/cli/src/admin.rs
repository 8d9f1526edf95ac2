use crate::output::safe;
use crate::setup::{self, DbArgs, bail_on};
use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use kakehashi_core::accounts::{self, NewAccount};
use kakehashi_core::audit::By;
use kakehashi_core::organisations::{self, OrganisationInput};
use kakehashi_store::organisations as org_store;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Create an account: staff of an organisation, or a worker.
    CreateUser(CreateUser),
    /// Create an organisation.
    CreateOrganisation(CreateOrganisation),
    /// After a key rotation: seal every e-mail address under the current key and rebuild its
    /// look-up index (run once with the new KAKEHASHI_SECRET_KEY and the old key in
    /// KAKEHASHI_PREVIOUS_SECRET_KEYS; afterwards the old key can be dropped).
    Reseal(DbArgs),
}

#[derive(Args)]
pub struct CreateUser {
    #[arg(long)]
    email: String,
    /// The person's name as shown on the platform.
    #[arg(long)]
    name: String,
    /// worker, sending_org, employer, supervising_org, case_officer, regulator or admin.
    #[arg(long)]
    role: String,
    /// The organisation (its id or enterprise code); required for every role but worker.
    #[arg(long)]
    organisation: Option<String>,
    /// The password; generated and printed when absent.
    #[arg(long, env = "KAKEHASHI_NEW_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// vi, ja or en.
    #[arg(long)]
    language: Option<String>,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Args)]
pub struct CreateOrganisation {
    /// sending_enterprise, supervising_org, registered_support_org, employer, training_centre,
    /// trade_union, ngo or authority.
    #[arg(long)]
    kind: String,
    /// The legal name in its own script.
    #[arg(long)]
    name: String,
    #[arg(long)]
    name_romanised: String,
    /// ISO 3166 country code: VN, JP…
    #[arg(long)]
    country: String,
    #[arg(long, default_value = "")]
    address: String,
    #[arg(long, default_value = "")]
    phone: String,
    #[arg(long, default_value = "")]
    email: String,
    #[arg(long, default_value = "")]
    website: String,
    #[arg(long)]
    enterprise_code: Option<String>,
    #[command(flatten)]
    db: DbArgs,
}

pub async fn run(cmd: AdminCommand) -> Result<ExitCode> {
    match cmd {
        AdminCommand::CreateUser(a) => {
            let core = setup::open(&a.db).await?;
            let organisation_id = match &a.organisation {
                None => None,
                Some(key) => {
                    let mut conn = core.db().conn().await?;
                    let found = match org_store::by_id(&mut conn, key).await? {
                        Some(o) => Some(o),
                        None => org_store::by_enterprise_code(&mut conn, key).await?,
                    };
                    match found {
                        Some(o) => Some(o.id),
                        None => bail!(
                            "--organisation: no organisation has the id or enterprise code {key:?}"
                        ),
                    }
                }
            };
            let input = NewAccount {
                email: a.email,
                display_name: a.name,
                role: a.role,
                organisation_id,
                password: a.password,
                language: a.language,
            };
            let (account, generated) =
                bail_on(accounts::create_account(&core, By::System("cli"), input).await)?;
            println!(
                "created {} account {} ({})",
                account.role,
                safe(&account.email),
                account.id
            );
            if let Some(pw) = generated {
                println!("password: {pw}");
            }
            Ok(ExitCode::SUCCESS)
        }
        AdminCommand::Reseal(db) => {
            let core = setup::open(&db).await?;
            let bar = indicatif::ProgressBar::new_spinner();
            let n = bail_on(
                accounts::reseal_all(&core, &mut |done| {
                    bar.set_message(format!("{done} accounts resealed"))
                })
                .await,
            )?;
            bar.finish_and_clear();
            println!("resealed={n}");
            Ok(ExitCode::SUCCESS)
        }
        AdminCommand::CreateOrganisation(a) => {
            let core = setup::open(&a.db).await?;
            let input = OrganisationInput {
                kind: a.kind,
                name: a.name,
                name_romanised: a.name_romanised,
                country: a.country,
                address: a.address,
                phone: a.phone,
                email: a.email,
                website: a.website,
                enterprise_code: a.enterprise_code,
            };
            let org = bail_on(organisations::create(&core, By::System("cli"), &input).await)?;
            println!("created {} {} ({})", org.kind, safe(&org.name), org.id);
            Ok(ExitCode::SUCCESS)
        }
    }
}
