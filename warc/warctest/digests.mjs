// Recomputes the digests of every record of the WARC files given, reading
// them with warcio.js (an independent parser): the block digest over the
// whole block, and the payload digest over the bytes after the HTTP head as
// stored. Prints one JSON object per record. Used by hewar's Go tests.
import { createReadStream } from "node:fs";
import { createHash } from "node:crypto";
import { WARCParser } from "warcio";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function base32(buf) {
  let bits = 0, value = 0, out = "";
  for (const b of buf) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
}
const sha1 = (data) => "sha1:" + base32(createHash("sha1").update(data).digest());

for (const file of process.argv.slice(2)) {
  const blocks = [];
  for await (const record of new WARCParser(createReadStream(file), { parseHttp: false })) {
    const block = await record.readFully(false);
    blocks.push({
      type: record.warcType,
      id: record.warcHeader("WARC-Record-ID"),
      uri: record.warcTargetURI || "",
      block: sha1(block),
    });
  }
  let i = 0;
  for await (const record of new WARCParser(createReadStream(file), { parseHttp: true })) {
    const out = blocks[i++];
    if (record.httpHeaders && (out.type === "response" || out.type === "revisit")) {
      out.status = Number(record.httpHeaders.statusCode) || 0;
      out.payload = sha1(await record.readFully(false));
    } else {
      await record.skipFully();
    }
    process.stdout.write(JSON.stringify(out) + "\n");
  }
}
