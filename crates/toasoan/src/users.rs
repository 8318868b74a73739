//! `toasoan user add|reset-password|list`: newsroom accounts from the command line, so the first
//! admin exists before anyone can log in. Passwords are read from standard input (one line), never
//! from arguments, which other users of the machine could see.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use toasoan_core::Role;
use toasoan_store::{Db, NewUser, StoreError};
use toasoan_web::features::accounts::hash_password;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add(AddArgs),
    /// Set a new password (read from standard input) and end the account's sessions.
    ResetPassword(ResetArgs),
    /// List the accounts.
    List,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    pub email: String,
    /// admin, editor-in-chief, editor, writer or moderator.
    #[arg(long)]
    pub role: String,
    #[arg(long)]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct ResetArgs {
    pub email: String,
}

pub async fn run(db: &Db, command: UserCommand) -> Result<ExitCode> {
    match command {
        UserCommand::Add(args) => add(db, args).await,
        UserCommand::ResetPassword(args) => reset(db, args).await,
        UserCommand::List => list(db).await,
    }
}

async fn add(db: &Db, args: AddArgs) -> Result<ExitCode> {
    let Some(role) = Role::parse(&args.role) else {
        let known: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        bail!("unknown role {:?}: use one of {}", args.role, known.join(", "));
    };
    if !args.email.contains('@') || args.name.trim().is_empty() {
        bail!("give an e-mail address and a --name");
    }
    let hash = hash_password(read_password()?).await?;
    let new = NewUser { email: &args.email, name: args.name.trim(), role, password_hash: &hash };
    let id = match db.create_user(&new).await {
        Err(StoreError::Conflict(message)) => bail!("{message}"),
        other => other?,
    };
    db.audit(None, "user_create", &format!("user {id}"), &format!("command line, role {}", role.as_str())).await?;
    println!("created {} ({}) as {}", args.email.trim(), args.name.trim(), role.as_str());
    Ok(ExitCode::SUCCESS)
}

async fn reset(db: &Db, args: ResetArgs) -> Result<ExitCode> {
    let Some((user, _)) = db.user_for_login(&args.email).await? else {
        bail!("no account with the e-mail {}", args.email.trim());
    };
    let hash = hash_password(read_password()?).await?;
    db.set_password_hash(user.id, &hash).await?;
    let ended = db.delete_user_sessions(user.id).await?;
    db.clear_login_failures(&user.email).await?;
    db.audit(None, "password_reset", &format!("user {}", user.id), "command line").await?;
    println!("new password set for {}; {ended} session(s) ended", user.email);
    Ok(ExitCode::SUCCESS)
}

async fn list(db: &Db) -> Result<ExitCode> {
    for user in db.users().await? {
        let state = if user.active { "" } else { " (disabled)" };
        println!("{}\t{}\t{}{state}", user.email, user.role.as_str(), user.name);
    }
    Ok(ExitCode::SUCCESS)
}

/// One line from standard input, without its line ending.
fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        bail!("no password on standard input (e.g. `printf '%s\\n' \"$PASSWORD\" | toasoan user add …`)");
    }
    Ok(password)
}
