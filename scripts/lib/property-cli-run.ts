// Runs the provisioning CLI as a person would, against the test stack.
import assert from "node:assert/strict";

export async function cli(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../property-cli.ts", import.meta.url).pathname, ...args],
    env: { LUMALEASING_STACK_FILE: Deno.env.get("LUMALEASING_STACK_FILE") ?? "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout), stderr: new TextDecoder().decode(out.stderr) };
}

/** Runs the CLI with --json: the parsed stdout (success) or stderr (refusal) document. */
export async function cliJson(...args: string[]) {
  const res = await cli(...args, "--json");
  const text = res.code === 0 ? res.stdout : res.stderr;
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error(`not one JSON document (exit ${res.code}): ${text}\n${res.stderr}`);
  }
  if (res.code !== 0) assert.equal(res.stdout, "", "nothing on stdout when refused");
  return { ...res, doc };
}
