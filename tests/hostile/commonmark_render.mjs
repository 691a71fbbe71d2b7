// Markdown on stdin, HTML on stdout, as CommonMark 0.31.2's reference
// implementation renders it (raw HTML passed through, as Zola does).
import { Parser, HtmlRenderer } from "commonmark";

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const doc = new Parser().parse(Buffer.concat(chunks).toString("utf8"));
process.stdout.write(new HtmlRenderer({ safe: false }).render(doc));
