//! PES-TOR: the cooperation platform between a Polish gmina and its social economy entities.
//!
//! One binary serves everything. Data flows one way (see DESIGN §3): `web` parses and guards
//! requests → `pages` call `domain` and `store` → `store` commits → `search` is updated →
//! `pages` render `templates/`.

pub mod app;
pub mod auth;
pub mod charts;
pub mod commands;
pub mod config;
pub mod demo;
pub mod domain;
pub mod jobs;
pub mod kiosk;
pub mod mail;
pub mod map;
pub mod media;
pub mod pages;
pub mod search;
pub mod snapshot;
pub mod store;
pub mod text;
pub mod web;
