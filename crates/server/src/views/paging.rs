//! Paging of the management list endpoints: `page` from 1, `limit` default 10, at most 50
//! (spec §1.7).

use crate::http::AppError;
use authgate_core::ApiError;
use authgate_core::messages::Msg;
use authgate_proto::envelope::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

/// `(offset, limit)` from 1-based `page` and `limit` (default 10, at most 50).
pub fn page_window(page: Option<i64>, limit: Option<i64>) -> Result<(i64, i64), AppError> {
    let page = page.unwrap_or(1);
    let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if page < 1 {
        return Err(ApiError::invalid("page", "must be at least 1").into());
    }
    if limit > MAX_PAGE_SIZE {
        return Err(ApiError::bad_request(Msg::LimitTooLarge {
            max: MAX_PAGE_SIZE.unsigned_abs() as u32,
        })
        .into());
    }
    if limit < 1 {
        return Err(ApiError::invalid("limit", "must be at least 1").into());
    }
    let offset = (page - 1)
        .checked_mul(limit)
        .ok_or_else(|| ApiError::invalid("page", "too large"))?;
    Ok((offset, limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_rules() {
        assert_eq!(page_window(None, None).unwrap(), (0, 10));
        assert_eq!(page_window(Some(3), Some(50)).unwrap(), (100, 50));
        let e = page_window(Some(1), Some(51)).unwrap_err().0;
        assert_eq!(e.msg, Msg::LimitTooLarge { max: 50 });
        assert!(page_window(Some(0), None).is_err());
        assert!(page_window(Some(1), Some(0)).is_err());
        assert!(page_window(Some(i64::MAX), Some(50)).is_err());
    }
}
