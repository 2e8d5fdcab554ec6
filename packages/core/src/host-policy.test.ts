import { describe, expect, it } from "vitest";
import { ThetaValidationError } from "./errors.js";
import {
  checkEndpoint,
  ENDPOINT_FIX,
  isLoopbackHost,
  parseIpv6,
  THETA_ENDPOINT_DOMAINS,
} from "./host-policy.js";

// ---------------------------------------------------------------------------------------------
// Hostile spellings, generated

/** Loopback, private, link-local, unspecified, CGNAT, broadcast, multicast — and one public IP. */
const SPECIAL_IPV4: ReadonlyArray<readonly [number, number, number, number]> = [
  [127, 0, 0, 1],
  [127, 1, 2, 3],
  [127, 255, 255, 254],
  [10, 0, 0, 1],
  [10, 255, 255, 255],
  [172, 16, 0, 1],
  [172, 31, 255, 254],
  [192, 168, 0, 1],
  [192, 168, 1, 254],
  [169, 254, 169, 254],
  [0, 0, 0, 0],
  [100, 64, 0, 1],
  [255, 255, 255, 255],
  [224, 0, 0, 1],
  [8, 8, 8, 8],
];

function ipv4Spellings([a, b, c, d]: readonly [number, number, number, number]): string[] {
  const n = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  const oct = (v: number) => `0${v.toString(8)}`;
  const hex = (v: number) => `0x${v.toString(16)}`;
  return [
    `${a}.${b}.${c}.${d}`, // dotted decimal
    `${n}`, // one decimal number
    hex(n), // one hex number
    `0${n.toString(8)}`, // one octal number
    `${oct(a)}.${oct(b)}.${oct(c)}.${oct(d)}`, // dotted octal
    `${hex(a)}.${hex(b)}.${hex(c)}.${hex(d)}`, // dotted hex
    `${a}.${b}.${(c << 8) | d}`, // three parts
    `${a}.${((b << 16) | (c << 8) | d) >>> 0}`, // two parts
    `${hex(a)}.${b}.${(c << 8) | d}`, // mixed hex + decimal
    `${oct(a)}.${hex(b)}.${c}.${d}`, // mixed octal + hex
    `${a}.${b}.${c}.${d}.`, // trailing dot
  ];
}

function toHex16(a: number, b: number): string {
  return ((a << 8) | b).toString(16);
}

const generatedIpv4: string[] = [];
const normalizationChecks: Array<[string, string]> = [];
for (const address of SPECIAL_IPV4) {
  const dotted = address.join(".");
  for (const spelling of ipv4Spellings(address)) {
    generatedIpv4.push(`https://${spelling}/v1`);
    normalizationChecks.push([spelling, dotted]);
  }
  const [a, b, c, d] = address;
  generatedIpv4.push(`https://[::ffff:${dotted}]/`); // IPv4-mapped IPv6
  generatedIpv4.push(`https://[::ffff:${toHex16(a, b)}:${toHex16(c, d)}]/`); // mapped, hex groups
  generatedIpv4.push(`https://${dotted}:443/`); // with the allowed port
}

const IPV6: readonly string[] = [
  "[::1]",
  "[0:0:0:0:0:0:0:1]",
  "[0000:0000:0000:0000:0000:0000:0000:0001]",
  "[::]",
  "[::127.0.0.1]",
  "[fe80::1]",
  "[fe80::1%25eth0]",
  "[fe80::1%eth0]",
  "[fc00::1]",
  "[fd12:3456:789a::1]",
  "[64:ff9b::7f00:1]",
  "[2001:db8::1]",
  "[::ffff:0:0]",
  "[::1]:443",
  "::1",
  "[::1",
  "::ffff:127.0.0.1",
];

const punycodeLookalike = new URL("https://thetaedgecl\u043eud.com").hostname; // Cyrillic о → xn--...

const NAMED: readonly string[] = [
  // schemes
  "http://x.thetaedgecloud.com",
  "HTTP://x.thetaedgecloud.com",
  "ftp://x.thetaedgecloud.com",
  "ws://x.thetaedgecloud.com",
  "wss://x.thetaedgecloud.com",
  "javascript:alert(1)//x.thetaedgecloud.com",
  "data:text/plain,x.thetaedgecloud.com",
  "file:///etc/passwd",
  "https:x.thetaedgecloud.com",
  "https:/x.thetaedgecloud.com",
  "https:///x.thetaedgecloud.com",
  "//x.thetaedgecloud.com",
  "x.thetaedgecloud.com",
  "https//x.thetaedgecloud.com",
  "",
  "   ",
  // userinfo tricks
  "https://thetaedgecloud.com@evil.io",
  "https://x.thetaedgecloud.com@evil.io",
  "https://user:pass@x.thetaedgecloud.com",
  "https://user@x.thetaedgecloud.com",
  "https://@x.thetaedgecloud.com",
  "https://:@x.thetaedgecloud.com",
  "https://thetaedgecloud.com:443@evil.io",
  "https://evil.io#@x.thetaedgecloud.com",
  "https://evil.io?@x.thetaedgecloud.com",
  "https://evil.io\\@x.thetaedgecloud.com",
  "https://evil.io\\.thetaedgecloud.com",
  "https://x.thetaedgecloud.com\\@evil.io",
  "https://x.thetaedgecloud.com\\evil.io",
  "https://evil.io%40x.thetaedgecloud.com",
  // look-alikes and suffix tricks
  "https://thetaedgecloud.com.evil.io",
  "https://x.thetaedgecloud.com.evil.io",
  "https://onthetaedgecloud.com.evil.io",
  "https://evilthetaedgecloud.com",
  "https://xonthetaedgecloud.com",
  "https://evil-thetaedgecloud.com",
  "https://thetaedgecloud.co",
  "https://thetaedgecloud.com.co",
  "https://thetaedgecloud.net",
  "https://thetaedgecloud-com.evil.io",
  "https://thetaedgecloud.comevil.io",
  "https://evil.io/x.thetaedgecloud.com",
  "https://evil.io/.thetaedgecloud.com",
  `https://${punycodeLookalike}`,
  `https://x.${punycodeLookalike}`,
  "https://thetaedgecl\u043eud.com",
  "https://x.thetaedgecl\u043eud.com",
  "https://x.th\u0435taedgecloud.com",
  "https://x.thetaedgecloud\uff0ecom",
  "https://x\u3002thetaedgecloud.com",
  "https://\uff58.thetaedgecloud.com",
  "https://x.THETAEDGECLOUD.\u0441om",
  "https://xn--x.thetaedgecloud.com",
  // non-ASCII that case mapping or IDNA turns into an accepted ASCII host
  "https://\u212Aey.thetaedgecloud.com/",
  "https://\u212A.thetaedgecloud.com",
  "https://x.\u212Aey.onthetaedgecloud.com/v1",
  "https://\u212A\u212A.THETAEDGECLOUD.COM",
  "https://b\u00fccher.thetaedgecloud.com",
  "https://x\uff0ethetaedgecloud\uff0ecom",
  "https://x.thetaedgecloud.com\u3002",
  "https://x.thetaedgecloud.com\uff61",
  "https://x.thetaedgecloud.com:\uff14\uff14\uff13",
  "https://\u0455.thetaedgecloud.com",
  // trailing dots and empty labels
  "https://thetaedgecloud.com.",
  "https://x.thetaedgecloud.com.",
  "https://x.thetaedgecloud.com./v1",
  "https://x.onthetaedgecloud.com.",
  "https://x.thetaedgecloud.com..",
  "https://x..thetaedgecloud.com",
  "https://.thetaedgecloud.com",
  "https://-x.thetaedgecloud.com",
  "https://x-.thetaedgecloud.com",
  "https://x_y.thetaedgecloud.com",
  `https://${"a".repeat(64)}.thetaedgecloud.com`,
  `https://${"a.".repeat(130)}thetaedgecloud.com`,
  // percent-encoding
  "https://x%2ethetaedgecloud.com",
  "https://%78.thetaedgecloud.com",
  "https://x.thetaedgecloud.com%2eevil.io",
  "https://x.thetaedgecloud%2Ecom",
  // whitespace, control and invisible characters
  "https://x.theta\tedgecloud.com",
  "https://x.thetaedgecloud\n.com",
  "https://x.thetaedgecloud.com\r/v1",
  "https://x.thetaedgecloud.com /v1",
  "https://x.thetaedgecloud.com\u0000",
  "\u0000https://x.thetaedgecloud.com",
  "https://x.thetaedgecloud.com\u200b",
  "\u200bhttps://x.thetaedgecloud.com",
  "https://x.thetaedge\u00adcloud.com",
  "https://x.thetaedgecloud.com\u00a0",
  "https://x.thetaedgecloud.com\ufeff",
  "https://x.thetaedgecloud.com\u2028",
  "https://x.thetaedgecloud.com\u007f",
  // localhost
  "https://localhost",
  "https://localhost:443",
  "https://LOCALHOST/v1",
  "https://localhost.",
  "https://x.localhost",
  // ports
  "https://x.thetaedgecloud.com:8443",
  "https://x.thetaedgecloud.com:80",
  "https://x.thetaedgecloud.com:0",
  "https://x.thetaedgecloud.com:",
  "https://x.thetaedgecloud.com:0443",
  "https://x.thetaedgecloud.com:443abc",
  "https://x.thetaedgecloud.com:65536",
  "https://x.thetaedgecloud.com:443:443",
  // query and fragment
  "https://x.thetaedgecloud.com/v1?x=1",
  "https://x.thetaedgecloud.com?",
  "https://x.thetaedgecloud.com/v1#frag",
  "https://x.thetaedgecloud.com#",
];

const HOSTILE: readonly string[] = [
  ...generatedIpv4,
  ...IPV6.map((host) => `https://${host}/v1`),
  ...IPV6.map((host) => `http://${host}/`),
  ...NAMED,
];

const VALID: ReadonlyArray<readonly [string, string]> = [
  [
    "https://llama3-abc-0123456789abcdef.tec-s1.onthetaedgecloud.com",
    "llama3-abc-0123456789abcdef.tec-s1.onthetaedgecloud.com",
  ],
  ["https://controller.thetaedgecloud.com/v1", "controller.thetaedgecloud.com"],
  ["https://x.thetaedgecloud.com:443/v1", "x.thetaedgecloud.com"],
  ["https://thetaedgecloud.com", "thetaedgecloud.com"],
  ["https://onthetaedgecloud.com/", "onthetaedgecloud.com"],
  ["https://X.ThetaEdgeCloud.COM/v1", "x.thetaedgecloud.com"],
  [
    "HTTPS://deep.name.tec-s12.onthetaedgecloud.com/v1/chat/completions",
    "deep.name.tec-s12.onthetaedgecloud.com",
  ],
  ["  https://x.thetaedgecloud.com/v1\n", "x.thetaedgecloud.com"],
  ["https://x.thetaedgecloud.com/path/with@at", "x.thetaedgecloud.com"],
  ["https://127-0-0-1.thetaedgecloud.com", "127-0-0-1.thetaedgecloud.com"],
];

/** The host part of a URL as typed (between the scheme's slashes and the path), for the no-echo check. */
function hostPartOf(url: string): string {
  const afterScheme = url.trim().replace(/^[a-z][a-z0-9+.-]*:/i, "");
  const afterSlashes = afterScheme.replace(/^[/\\]+/, "");
  const end = afterSlashes.search(/[/?#\\]/);
  return end < 0 ? afterSlashes : afterSlashes.slice(0, end);
}

// ---------------------------------------------------------------------------------------------

describe("checkEndpoint: hostile spellings", () => {
  it("has at least 150 hostile spellings, all distinct", () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(150);
    expect(new Set(HOSTILE).size).toBe(HOSTILE.length);
  });

  it("the generated IPv4 spellings really are those addresses to a WHATWG parser", () => {
    for (const [spelling, dotted] of normalizationChecks) {
      expect(new URL(`https://${spelling}/`).hostname).toBe(dotted);
    }
  });

  it.each(HOSTILE.map((url) => [JSON.stringify(url), url]))("refuses %s", (_label, url) => {
    let caught: unknown;
    try {
      checkEndpoint(url as string);
    } catch (error) {
      caught = error;
    }
    expect(ThetaValidationError.isInstance(caught)).toBe(true);
    const error = caught as ThetaValidationError;
    expect(error.code).toBe("host_refused");
    expect(error.field).toBe("endpoint");
    expect(error.fix).toBe(ENDPOINT_FIX);
    expect(error.message).toMatch(/^endpoint refused: /);
  });
});

describe("checkEndpoint: valid Theta hosts", () => {
  it.each(VALID)("accepts %j", (url, hostname) => {
    const parsed = checkEndpoint(url);
    expect(parsed).toBeInstanceOf(URL);
    expect(parsed.protocol).toBe("https:");
    expect(parsed.hostname).toBe(hostname);
    expect(parsed.port).toBe("");
    expect(parsed.username).toBe("");
  });
});

describe("checkEndpoint: errors", () => {
  it("names the given field and the dashboard fix", () => {
    let caught: unknown;
    try {
      checkEndpoint("https://evil.io", { field: "THETA_INFERENCE_ENDPOINT" });
    } catch (error) {
      caught = error;
    }
    const error = caught as ThetaValidationError;
    expect(error.field).toBe("THETA_INFERENCE_ENDPOINT");
    expect(error.message).toMatch(
      /^THETA_INFERENCE_ENDPOINT refused: the host is not under thetaedgecloud\.com or onthetaedgecloud\.com/,
    );
    expect(error.message).not.toContain("evil");
    expect(error.message).toContain("https://<name>.tec-sN.onthetaedgecloud.com");
    expect(error.issues[0]?.field).toBe("THETA_INFERENCE_ENDPOINT");
  });

  it("never echoes credentials given in the URL", () => {
    for (const url of [
      "https://alice:hunter2@x.thetaedgecloud.com",
      "https://alice:hunter2@evil.io",
      "alice-hunter2:x@evil.io",
      "https://x.thetaedgecloud.com/v1?token=hunter2",
    ]) {
      let caught: unknown;
      try {
        checkEndpoint(url);
      } catch (error) {
        caught = error;
      }
      const error = caught as ThetaValidationError;
      expect(ThetaValidationError.isInstance(error)).toBe(true);
      expect(JSON.stringify(error.toJSON())).not.toMatch(/alice|hunter2/);
    }
  });

  it("never quotes the host, or any part of it, in a refusal (the whole hostile table)", () => {
    // Fixed words the messages contain on their own (a domain may end a sentence); any other run of 6+
    // characters of the host in a message is an echo.
    const fixedWords = [
      ...THETA_ENDPOINT_DOMAINS.flatMap((domain) => [domain, `${domain}.`]),
      "localhost",
      "user:password@",
      ENDPOINT_FIX,
    ].map((word) => word.toLowerCase());
    const echoes: string[] = [];
    for (const url of HOSTILE) {
      const host = hostPartOf(url).toLowerCase();
      let caught: unknown;
      try {
        checkEndpoint(url);
      } catch (error) {
        caught = error;
      }
      if (!ThetaValidationError.isInstance(caught)) continue; // acceptance is the "refuses" tests' failure
      const error = caught;
      const text = `${error.message}\n${JSON.stringify(error.toJSON())}`.toLowerCase();
      const isFixed = (part: string): boolean => fixedWords.some((word) => word.includes(part));
      if (host.length > 0 && text.includes(host) && !isFixed(host))
        echoes.push(`${JSON.stringify(url)}: ${error.message}`);
      for (let start = 0; start + 6 <= host.length; start += 1) {
        const part = host.slice(start, start + 6);
        if (text.includes(part) && !isFixed(part)) {
          echoes.push(`${JSON.stringify(url)} (${JSON.stringify(part)}): ${error.message}`);
          break;
        }
      }
    }
    expect(echoes).toEqual([]);
  });

  it("refuses a Kelvin-sign K that lowercases to an accepted host, with a non-ASCII reason", () => {
    expect("\u212Aey.thetaedgecloud.com".toLowerCase()).toBe("key.thetaedgecloud.com");
    expect(() => checkEndpoint("https://\u212Aey.thetaedgecloud.com/")).toThrow(/outside ASCII/);
    expect(() => checkEndpoint("https://x\uff0ethetaedgecloud\uff0ecom")).toThrow(/outside ASCII/);
    expect(() => checkEndpoint("https://b\u00fccher.thetaedgecloud.com")).toThrow(/outside ASCII/);
  });

  it("refuses non-strings", () => {
    expect(() => checkEndpoint(42 as unknown as string)).toThrow(/not a string/);
  });

  it("gives a specific reason for common mistakes", () => {
    const reason = (url: string): string => {
      try {
        checkEndpoint(url);
      } catch (error) {
        return (error as Error).message;
      }
      return "accepted";
    };
    expect(reason("http://x.thetaedgecloud.com")).toMatch(/only https/);
    expect(reason("https://u:p@x.thetaedgecloud.com")).toMatch(/credentials/);
    expect(reason("https://127.0.0.1")).toMatch(/IP address/);
    expect(reason("https://[::1]")).toMatch(/IP address/);
    expect(reason("https://x.thetaedgecloud.com.")).toMatch(/trailing dot/);
    expect(reason("https://x.thetaedgecloud.com:8443")).toMatch(/port/);
    expect(reason("https://thetaedgecl\u043eud.com")).toMatch(/look-alike/);
    expect(reason("https://localhost")).toMatch(/localhost/);
    expect(reason("https://x.thetaedgecloud.com/?a=1")).toMatch(/query/);
  });
});

describe("isLoopbackHost", () => {
  it.each([
    "localhost",
    "LOCALHOST",
    "127.0.0.1",
    "127.1.2.3",
    "127.255.255.255",
    "::1",
    "[::1]",
    "0:0:0:0:0:0:0:1",
    "[::ffff:127.0.0.1]",
    "::ffff:7f00:1",
    "[::1%25lo0]",
  ])("%s is loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    "10.0.0.1",
    "128.0.0.1",
    "0.0.0.0",
    "::",
    "::2",
    "[::ffff:10.0.0.1]",
    "fe80::1",
    "example.com",
    "localhost.example.com",
    "127.0.0.1.nip.io",
    "0177.0.0.1",
    "2130706433",
    "",
  ])("%s is not loopback", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("parseIpv6", () => {
  it("expands compressed forms and embedded IPv4", () => {
    expect(parseIpv6("::1")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(parseIpv6("fe80::1:2")).toEqual([0xfe80, 0, 0, 0, 0, 0, 1, 2]);
    expect(parseIpv6("::ffff:1.2.3.4")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIpv6("1:2:3:4:5:6:7:8")).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it.each(["1::2::3", "1:2:3", "12345::", "::g", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "::1.2.3"])(
    "refuses %s",
    (text) => {
      expect(parseIpv6(text)).toBeUndefined();
    },
  );
});
