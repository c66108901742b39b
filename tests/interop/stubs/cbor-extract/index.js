// cbor-x catches this and uses its pure JavaScript decoder (same results, no native code).
throw new Error('cbor-extract stub: no native accelerator');
