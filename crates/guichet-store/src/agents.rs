//! The agents of a case file and their role: `agent`, or `supervisor` (responsable), who alone may
//! record derogations, budget overrides, voids and conflict resolutions.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::journal::{self, Event};
use crate::{CaseFile, rows};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Role {
    Agent,
    Supervisor,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Supervisor => "supervisor",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "agent" => Some(Role::Agent),
            "supervisor" => Some(Role::Supervisor),
            _ => None,
        }
    }

    /// French label.
    pub fn label(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Supervisor => "responsable",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Agent {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    pub role: Role,
}

impl Agent {
    pub fn is_supervisor(&self) -> bool {
        self.role == Role::Supervisor
    }
}

/// Finds an agent by exact name.
pub(crate) fn agent_by_name(conn: &Connection, name: &str) -> Result<Agent> {
    let mut stmt = conn.prepare_cached("SELECT id, name, role FROM agents WHERE name = ?1")?;
    let row = stmt
        .query_row([name], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    let (id, name_found, role) = row.ok_or_else(|| StoreError::UnknownAgent(name.to_owned()))?;
    let role = Role::from_code(&role)
        .ok_or_else(|| StoreError::Corrupt(format!("agent role {role:?}")))?;
    Ok(Agent {
        id,
        name: name_found,
        role,
    })
}

/// Inserts an agent's row (without journaling it); `by` is the agent recording it.
pub(crate) fn insert_agent_row(
    conn: &Connection,
    name: &str,
    role: Role,
    by: Option<i64>,
    now: &str,
) -> Result<i64> {
    let name = name.trim();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(StoreError::InvalidAgentName(name.to_owned()));
    }
    let exists: Option<i64> = conn
        .query_row("SELECT id FROM agents WHERE name = ?1", [name], |row| {
            row.get(0)
        })
        .optional()?;
    if exists.is_some() {
        return Err(StoreError::AgentExists(name.to_owned()));
    }
    conn.execute(
        "INSERT INTO agents (name, role, created_at, created_by) VALUES (?1, ?2, ?3, ?4)",
        params![name, role.code(), now, by],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Inserts an agent recorded by agent `by` and journals it.
pub(crate) fn insert_agent(
    conn: &Connection,
    name: &str,
    role: Role,
    by: i64,
    now: &str,
) -> Result<i64> {
    let id = insert_agent_row(conn, name, role, Some(by), now)?;
    journal::append(
        conn,
        &Event::AgentAdded {
            name: name.trim().to_owned(),
            role,
        },
        by,
        None,
        now,
    )?;
    Ok(id)
}

impl CaseFile {
    /// Use case: `by` registers a new agent of the case file.
    pub fn add_agent(&mut self, name: &str, role: Role, by: &str) -> Result<Agent> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let by = agent_by_name(&tx, by)?;
        let now = rows::now();
        let id = insert_agent(&tx, name, role, by.id, &now)?;
        tx.commit()?;
        Ok(Agent {
            id,
            name: name.trim().to_owned(),
            role,
        })
    }

    /// Use case at the desk: supervisor `by` registers a new agent. Only a supervisor adds agents
    /// from the window; `guichet agent add` stays the administrator's tool where the case file is
    /// set up. One transaction, journaled.
    pub fn add_agent_as_supervisor(&mut self, name: &str, role: Role, by: &str) -> Result<Agent> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let by = agent_by_name(&tx, by)?;
        if !by.is_supervisor() {
            return Err(StoreError::SupervisorOnly {
                act: "ajouter un agent",
                agent: by.name,
            });
        }
        let now = rows::now();
        let id = insert_agent(&tx, name, role, by.id, &now)?;
        tx.commit()?;
        Ok(Agent {
            id,
            name: name.trim().to_owned(),
            role,
        })
    }

    /// An agent by name.
    pub fn agent(&self, name: &str) -> Result<Agent> {
        agent_by_name(&self.conn, name)
    }

    /// Every agent, in the order they were added.
    pub fn agents(&self) -> Result<Vec<Agent>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, role FROM agents ORDER BY id")?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut agents = Vec::new();
        for row in rows {
            let (id, name, role) = row?;
            let role = Role::from_code(&role)
                .ok_or_else(|| StoreError::Corrupt(format!("agent role {role:?}")))?;
            agents.push(Agent { id, name, role });
        }
        Ok(agents)
    }
}
