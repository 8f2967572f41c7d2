"""Envelope assertions shared by the e2e tests (GenAuth envelope, spec §1.7)."""


def ok(resp):
    """Assert a success envelope ({statusCode: 200, data}) and return its data."""
    assert isinstance(resp, dict), "expected a JSON envelope, got %r" % (resp,)
    assert resp.get("statusCode") == 200, "expected statusCode 200, got %r" % (resp,)
    return resp.get("data")


def err(resp, status):
    """Assert an error envelope carrying `status` and a non-empty message."""
    assert isinstance(resp, dict), "expected a JSON envelope, got %r" % (resp,)
    assert resp.get("statusCode") == status, "expected statusCode %s, got %r" % (status, resp)
    assert isinstance(resp.get("message"), str) and resp["message"], (
        "error envelope needs a non-empty message: %r" % (resp,)
    )
    return resp
