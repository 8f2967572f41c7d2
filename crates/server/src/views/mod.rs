//! Shared shaping of records for the wire, used by more than one surface (the management API
//! and the signed-in user's own `/api/v3/get-my-*` views). Not a surface: no routes here.

pub mod app_briefs;
pub mod department;
pub mod group;
pub mod paging;
pub mod role;
pub mod sorting;
