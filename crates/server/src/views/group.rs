//! The `Group` record on the wire (management and `/api/v3/get-my-groups`).

use authgate_core::group::Group;
use authgate_proto::groups::GroupDto;
use serde_json::Value;

/// The `Group` record.
pub fn group_dto(g: &Group, with_custom_data: bool) -> GroupDto {
    GroupDto {
        id: g.id.clone(),
        code: g.code.clone(),
        name: g.name.clone(),
        description: g.description.clone().unwrap_or_default(),
        group_type: g.group_type.clone(),
        metadata_source: Vec::new(),
        members: Vec::new(),
        custom_data: with_custom_data.then(|| Value::Object(Default::default())),
    }
}
