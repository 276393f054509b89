// A self-signed certificate for https://localhost, made once with the openssl CLI and reused,
// as HubSpot's own demo apps serve on https://localhost:9025. Browsers warn once; accept it.
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

const RENEW_BEFORE_MS = 24 * 3600 * 1000; // replace a certificate that is about to expire

function usable(certFile, keyFile) {
  if (!existsSync(certFile) || !existsSync(keyFile)) return false;
  try {
    const notAfter = Date.parse(new X509Certificate(readFileSync(certFile)).validTo);
    return notAfter - Date.now() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

function create(certDir, certFile, keyFile) {
  mkdirSync(certDir, { recursive: true });
  // Written under temporary names, then renamed: an interrupted run never leaves half a pair.
  const tmpCert = `${certFile}.${process.pid}.tmp`;
  const tmpKey = `${keyFile}.${process.pid}.tmp`;
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", tmpKey, "-out", tmpCert, "-days", "365", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
      "-addext", "extendedKeyUsage=serverAuth",
    ], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    rmSync(tmpCert, { force: true });
    rmSync(tmpKey, { force: true });
    const why = error.code === "ENOENT" ? "openssl is not installed (bash scripts/setup.sh installs it)" : String(error.stderr || error.message).trim();
    throw new Error(`could not create a certificate for https://localhost: ${why}; or serve plain http with --http`);
  }
  renameSync(tmpKey, keyFile);
  renameSync(tmpCert, certFile);
}

/** {cert, key} PEM buffers from certDir, creating them on first use. */
export function localhostCertificate(certDir) {
  const certFile = path.join(certDir, "localhost.crt");
  const keyFile = path.join(certDir, "localhost.key");
  if (!usable(certFile, keyFile)) create(certDir, certFile, keyFile);
  return { cert: readFileSync(certFile), key: readFileSync(keyFile) };
}
