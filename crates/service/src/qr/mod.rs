//! Self-built-app QR-code login (spec §3.1) on the server side: codes and tickets kept in the
//! ephemeral store, transitions applied with compare-and-set (so two nodes cannot both
//! confirm), every change published so watchers learn it at once.

pub mod image;
pub mod store;
pub mod ticket;
