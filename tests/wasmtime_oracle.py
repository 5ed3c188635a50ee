"""Comparing outcomes of a call on wasmic and on wasmtime-py."""


def outcome(call):
    """'ok', or the class of the exception, with wasmtime's error named like ours."""
    try:
        call()
    except Exception as error:  # noqa: BLE001 - the class is the result
        name = type(error).__name__
        return "WasmError" if name == "WasmtimeError" else name
    return "ok"
