#!/usr/bin/env python3
"""Generates the Java resource records of dev.attache.control.resource.* from upstream Go types.

The records carry the upstream field names (the Go json tags) and nothing else: no defaults, no
validation beyond "this field exists". Only the types reachable from the root kinds are emitted.
A field tagged omitempty is left out where Go's encoding/json leaves it out: a non-pointer
boolean, string or number at its zero value, a slice or map when empty (a pointer, or a struct,
is left out only when absent).

Usage: resources.py GOSRC OUTDIR
  GOSRC holds one folder per Go package (the keys of PACKAGES below) with the upstream .go files:
    eg             envoyproxy/gateway           d32f282942  api/v1alpha1
    gwapiv1        kubernetes-sigs/gateway-api  v1.6.1      apis/v1
    metav1         kubernetes/apimachinery      v0.36.3     pkg/apis/meta/v1
    corev1 discoveryv1 appsv1 autoscalingv2 policyv1 certv1b1
                   kubernetes/api               v0.36.3     core/v1 discovery/v1 apps/v1 autoscaling/v2 policy/v1 certificates/v1beta1
    mcsv1a1        kubernetes-sigs/mcs-api      HEAD        pkg/apis/v1alpha1
  OUTDIR is control-core/src/main/java.
"""
import os
import re
import sys

BASE = "dev.attache.control.resource"

# Go import path -> (package key, Java package)
PACKAGES = {
    "github.com/envoyproxy/gateway/api/v1alpha1": ("eg", BASE + ".envoygateway"),
    "sigs.k8s.io/gateway-api/apis/v1": ("gwapiv1", BASE + ".gatewayapi"),
    "k8s.io/apimachinery/pkg/apis/meta/v1": ("metav1", BASE + ".meta"),
    "k8s.io/api/core/v1": ("corev1", BASE + ".core"),
    "k8s.io/api/discovery/v1": ("discoveryv1", BASE + ".discovery"),
    "k8s.io/api/apps/v1": ("appsv1", BASE + ".apps"),
    "k8s.io/api/autoscaling/v2": ("autoscalingv2", BASE + ".autoscaling"),
    "k8s.io/api/policy/v1": ("policyv1", BASE + ".policy"),
    "k8s.io/api/certificates/v1beta1": ("certv1b1", BASE + ".certificates"),
    "sigs.k8s.io/mcs-api/pkg/apis/v1alpha1": ("mcsv1a1", BASE + ".multicluster"),
}
KEY_TO_JAVA = {k: j for (k, j) in PACKAGES.values()}
UPSTREAM = {
    "eg": "envoyproxy/gateway d32f282942 api/v1alpha1",
    "gwapiv1": "kubernetes-sigs/gateway-api v1.6.1 apis/v1",
    "metav1": "kubernetes/apimachinery v0.36.3 pkg/apis/meta/v1",
    "corev1": "kubernetes/api v0.36.3 core/v1",
    "discoveryv1": "kubernetes/api v0.36.3 discovery/v1",
    "appsv1": "kubernetes/api v0.36.3 apps/v1",
    "autoscalingv2": "kubernetes/api v0.36.3 autoscaling/v2",
    "policyv1": "kubernetes/api v0.36.3 policy/v1",
    "certv1b1": "kubernetes/api v0.36.3 certificates/v1beta1",
    "mcsv1a1": "kubernetes-sigs/mcs-api pkg/apis/v1alpha1",
}

JSON_NODE = "com.fasterxml.jackson.databind.JsonNode"
INT_OR_STRING = BASE + ".meta.IntOrString"
# Types whose JSON form is not their Go struct (custom marshalling upstream).
SPECIAL = {
    ("metav1", "Time"): "String",
    ("metav1", "MicroTime"): "String",
    ("metav1", "Duration"): "String",
    ("metav1", "FieldsV1"): JSON_NODE,
    ("metav1", "TypeMeta"): None,  # inlined by hand below
    ("ext", "resource.Quantity"): BASE + ".meta.Quantity",
    ("ext", "intstr.IntOrString"): INT_OR_STRING,
    ("ext", "types.UID"): "String",
    ("ext", "types.NodeName"): "String",
    ("ext", "apiextensionsv1.JSON"): JSON_NODE,
    ("ext", "runtime.RawExtension"): JSON_NODE,
    ("ext", "json.RawMessage"): JSON_NODE,
}
EXTERNAL_IMPORTS = {
    "k8s.io/apimachinery/pkg/api/resource": "resource",
    "k8s.io/apimachinery/pkg/util/intstr": "intstr",
    "k8s.io/apimachinery/pkg/types": "types",
    "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1": "apiextensionsv1",
    "k8s.io/apimachinery/pkg/runtime": "runtime",
    "encoding/json": "json",
}

ROOTS = [
    ("gwapiv1", "GatewayClass"), ("gwapiv1", "Gateway"), ("gwapiv1", "ListenerSet"),
    ("gwapiv1", "HTTPRoute"), ("gwapiv1", "GRPCRoute"), ("gwapiv1", "TLSRoute"),
    ("gwapiv1", "TCPRoute"), ("gwapiv1", "UDPRoute"), ("gwapiv1", "ReferenceGrant"),
    ("gwapiv1", "BackendTLSPolicy"),
    ("eg", "EnvoyProxy"), ("eg", "Backend"), ("eg", "ClientTrafficPolicy"),
    ("eg", "BackendTrafficPolicy"), ("eg", "SecurityPolicy"), ("eg", "EnvoyExtensionPolicy"),
    ("eg", "EnvoyPatchPolicy"), ("eg", "HTTPRouteFilter"), ("eg", "EnvoyGateway"),
    ("corev1", "Service"), ("corev1", "Secret"), ("corev1", "ConfigMap"), ("corev1", "Namespace"),
    ("discoveryv1", "EndpointSlice"), ("mcsv1a1", "ServiceImport"),
    ("certv1b1", "ClusterTrustBundle"),
]

# Kinds whose toString must not print their data (Secrets never reach logs).
REDACTED = {("corev1", "Secret"): ["data", "stringData"]}

JAVA_KEYWORDS = set("""abstract assert boolean break byte case catch char class const continue default
do double else enum extends final finally float for goto if implements import instanceof int
interface long native new package private protected public return short static strictfp super
switch synchronized this throw throws transient try void volatile while true false null record
yield var sealed permits wait notify notifyAll getClass hashCode toString clone finalize""".split())
JAVA_LANG = set("""Boolean Byte Character Class ClassLoader Compiler Double Enum Error Exception Float
Integer Iterable Long Math Module Number Object Override Package Process Record Runtime Short
String System Thread Throwable Void Deprecated""".split())
INTS = {"int", "int8", "int16", "int32", "uint8", "uint16"}
LONGS = {"int64", "uint64", "uint", "uint32"}
FLOATS = {"float32", "float64"}


# ---------------------------------------------------------------- Go tokenizer and parser
TOKEN = re.compile(r"""
    (?P<ws>[ \t\r]+) | (?P<nl>\n) | (?P<lc>//[^\n]*) | (?P<bc>/\*.*?\*/) |
    (?P<raw>`[^`]*`) | (?P<str>"(?:\\.|[^"\\])*") | (?P<chr>'(?:\\.|[^'\\])*') |
    (?P<id>[A-Za-z_][A-Za-z0-9_]*) | (?P<num>[0-9][0-9A-Za-z_.]*) | (?P<op>.)
""", re.S | re.X)


def tokens(text):
    out = []
    for m in TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "lc"):
            continue
        if kind == "bc":
            if "\n" in m.group():
                out.append(("nl", "\n"))
            continue
        out.append((kind, m.group()))
    out.append(("eof", ""))
    return out


class GoFile:
    def __init__(self, key, path):
        self.key = key
        self.toks = tokens(open(path, encoding="utf-8").read())
        self.i = 0
        self.imports = {}  # alias -> import path
        self.types = {}

    def peek(self, k=0):
        return self.toks[self.i + k]

    def next(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def skip_nl(self):
        while self.peek()[0] == "nl" or self.peek()[1] == ";":
            self.i += 1

    def expect(self, v):
        t = self.next()
        if t[1] != v:
            raise SyntaxError(f"expected {v!r}, got {t!r} at token {self.i}")
        return t

    def skip_balanced(self, open_, close):
        depth = 0
        while True:
            t = self.next()
            if t[1] == open_:
                depth += 1
            elif t[1] == close:
                depth -= 1
                if depth == 0:
                    return
            elif t[0] == "eof":
                return

    def parse(self):
        while True:
            self.skip_nl()
            t = self.peek()
            if t[0] == "eof":
                return self
            if t[1] == "package":
                self.next(); self.next()
            elif t[1] == "import":
                self.next()
                if self.peek()[1] == "(":
                    self.next()
                    while True:
                        self.skip_nl()
                        if self.peek()[1] == ")":
                            self.next()
                            break
                        self.parse_import()
                else:
                    self.parse_import()
            elif t[1] == "type":
                self.next()
                if self.peek()[1] == "(":
                    self.next()
                    while True:
                        self.skip_nl()
                        if self.peek()[1] == ")":
                            self.next()
                            break
                        self.parse_typedecl()
                else:
                    self.parse_typedecl()
            else:
                self.skip_statement()

    def skip_statement(self):
        # Skips a top-level func/var/const declaration: up to the end of its line, through any
        # balanced brackets it opens.
        depth = 0
        while True:
            t = self.next()
            if t[0] == "eof":
                self.i -= 1
                return
            if t[1] in "({[":
                depth += 1
            elif t[1] in ")}]":
                depth -= 1
            elif t[0] == "nl" and depth == 0:
                return

    def parse_import(self):
        t = self.next()
        if t[0] == "str":
            path = t[1][1:-1]
            alias = path.rsplit("/", 1)[-1]
        else:
            alias = t[1]
            path = self.next()[1][1:-1]
        self.imports[alias] = path

    def parse_typedecl(self):
        name = self.next()[1]
        if self.peek()[1] == "[" and self.peek(1)[0] == "id" and self.peek(2)[0] == "id":
            self.skip_balanced("[", "]")  # generic type parameters: not used by API types
            self.types[name] = ("unsupported", None)
            self.skip_statement()
            return
        alias = False
        if self.peek()[1] == "=":
            self.next()
            alias = True
        self.types[name] = ("alias" if alias else "def", self.parse_type())

    def parse_type(self):
        t = self.next()
        v = t[1]
        if v == "*":
            return ("ptr", self.parse_type())
        if v == "[":
            if self.peek()[1] == "]":
                self.next()
                return ("slice", self.parse_type())
            while self.next()[1] != "]":
                pass
            return ("slice", self.parse_type())
        if v == "map":
            self.expect("[")
            k = self.parse_type()
            self.expect("]")
            return ("map", k, self.parse_type())
        if v == "struct":
            return ("struct", self.parse_struct())
        if v == "interface":
            self.skip_balanced_from("{", "}")
            return ("any",)
        if v == "func":
            self.skip_balanced_from("(", ")")
            return ("any",)
        if t[0] == "id":
            result = ("named", None, v)
            if self.peek()[1] == ".":
                self.next()
                result = ("named", v, self.next()[1])
            if self.peek()[1] == "[" and self.peek(1)[1] != "]":
                self.skip_balanced("[", "]")  # generic instantiation: not an API type
                return ("any",)
            return result
        raise SyntaxError(f"unexpected {t!r}")

    def skip_balanced_from(self, open_, close):
        self.i -= 0
        depth = 0
        while True:
            t = self.next()
            if t[1] == open_:
                depth += 1
            elif t[1] == close:
                depth -= 1
                if depth == 0:
                    return

    def parse_struct(self):
        self.expect("{")
        fields = []
        while True:
            self.skip_nl()
            if self.peek()[1] == "}":
                self.next()
                return fields
            # embedded: [*]Ident[.Ident] followed by tag or newline
            j = self.i
            ptr = False
            if self.toks[j][1] == "*":
                ptr = True
                j += 1
            k = j + 1
            if self.toks[k][1] == ".":
                k += 2
            if self.toks[k][0] in ("raw", "nl") or self.toks[k][1] == "}":
                self.i = j
                typ = self.parse_type()
                tag = self.next()[1] if self.peek()[0] == "raw" else ""
                fields.append({"embedded": True, "type": typ, "tag": tag, "name": typ[2]})
                continue
            names = [self.next()[1]]
            while self.peek()[1] == ",":
                self.next()
                names.append(self.next()[1])
            typ = self.parse_type()
            tag = self.next()[1] if self.peek()[0] == "raw" else ""
            for n in names:
                fields.append({"embedded": False, "type": typ, "tag": tag, "name": n})


# ---------------------------------------------------------------- model
class Universe:
    def __init__(self, gosrc):
        self.files = {}   # key -> list of GoFile
        self.types = {}   # (key, name) -> (decl, file)
        for key in KEY_TO_JAVA:
            folder = os.path.join(gosrc, key)
            for fn in sorted(os.listdir(folder)):
                if not fn.endswith(".go") or fn.endswith("_test.go") or fn.startswith("zz_generated") \
                        or fn.startswith("generated") or "swagger" in fn:
                    continue
                f = GoFile(key, os.path.join(folder, fn)).parse()
                for name, decl in f.types.items():
                    self.types[(key, name)] = (decl, f)
        self.emit = {}    # (key, name) -> struct fields (flattened)
        self.queue = []

    def resolve_pkg(self, f, alias):
        """(key or 'ext', qualified external name prefix) for a package alias in a file."""
        if alias is None:
            return f.key
        path = f.imports.get(alias)
        if path in PACKAGES:
            return PACKAGES[path][0]
        return "ext:" + EXTERNAL_IMPORTS.get(path, alias)

    def java_type(self, typ, f, ctx):
        kind = typ[0]
        if kind == "ptr":
            return self.java_type(typ[1], f, ctx)
        if kind == "slice":
            inner = typ[1]
            if inner == ("named", None, "byte"):
                return "String"  # base64, as Go's encoding/json writes []byte
            return "List<" + self.java_type(inner, f, ctx) + ">"
        if kind == "map":
            return "Map<String, " + self.java_type(typ[2], f, ctx) + ">"
        if kind == "struct":
            raise SystemExit(f"anonymous struct in {ctx}")
        if kind == "any":
            return JSON_NODE
        _, alias, name = typ
        if alias is None:
            if name == "string":
                return "String"
            if name == "bool":
                return "Boolean"
            if name in INTS:
                return "Integer"
            if name in LONGS:
                return "Long"
            if name in FLOATS:
                return "Double"
            if name == "byte":
                return "Integer"
        key = self.resolve_pkg(f, alias)
        if key.startswith("ext:"):
            ext = key[4:] + "." + name
            if ("ext", ext) in SPECIAL:
                return SPECIAL[("ext", ext)]
            # Other Kubernetes groups (or unknown packages) are kept as JSON trees.
            return JSON_NODE
        return self.named(key, name, ctx)

    def named(self, key, name, ctx):
        if (key, name) in SPECIAL:
            return SPECIAL[(key, name)]
        if (key, name) not in self.types:
            raise SystemExit(f"unknown type {key}.{name} (from {ctx})")
        (dkind, typ), f = self.types[(key, name)]
        if dkind == "unsupported":
            return JSON_NODE
        if typ[0] == "struct":
            if (key, name) not in self.emit:
                self.emit[(key, name)] = None
                self.queue.append((key, name))
            java_name = java_class(name)
            return java_name if key == ctx[0] else KEY_TO_JAVA[key] + "." + java_name
        # a named non-struct type (string enum, alias, slice, map, defined struct copy)
        if typ[0] == "named" and typ[1] is None and typ[2] not in ("string", "bool", "byte") \
                and typ[2] not in INTS | LONGS | FLOATS:
            return self.named(key, typ[2], ctx)
        return self.java_type(typ, f, ctx)

    def flatten(self, key, name):
        """The JSON fields of a struct, with inline members expanded as Go's encoding/json does."""
        (_, typ), f = self.types[(key, name)]
        out = []
        for field in typ[1]:
            tag = parse_json_tag(field["tag"])
            if tag == "-":
                continue
            if field["embedded"]:
                t = field["type"][1] if field["type"][0] == "ptr" else field["type"]
                ekey = self.resolve_pkg(f, t[1])
                ename = t[2]
                if tag is None or tag == "":
                    if (ekey, ename) == ("metav1", "TypeMeta"):
                        out.append(("apiVersion", "String", "apiVersion", None))
                        out.append(("kind", "String", "kind", None))
                        continue
                    (ed, etyp), ef = self.types[(ekey, ename)]
                    while etyp[0] == "named":  # type X = Y / type X Y
                        ekey = self.resolve_pkg(ef, etyp[1])
                        ename = etyp[2]
                        (ed, etyp), ef = self.types[(ekey, ename)]
                    for item in self.flatten_in(ekey, ename, key):
                        out.append(item)
                    continue
                jt = self.java_type(t, f, (key, name))
                out.append((tag, jt, java_field(tag), self.omit(field, f)))
                continue
            json_name = tag if tag else field["name"]
            jt = self.java_type(field["type"], f, (key, name))
            out.append((json_name, jt, java_field(json_name), self.omit(field, f)))
        return out

    def omit(self, field, f):
        """Jackson's inclusion for Go's omitempty on this field (None: left out when absent)."""
        if "omitempty" not in json_tag_options(field["tag"]):
            return None
        typ = field["type"]
        if typ[0] in ("slice", "map"):
            return "NON_EMPTY"
        if typ[0] == "named" and self.is_basic(typ, f):
            return "NON_DEFAULT"
        return None

    def is_basic(self, typ, f):
        """Whether a named Go type is (an alias or definition of) bool, string or a number."""
        while True:
            _, alias, name = typ
            if alias is None and name in {"bool", "string"} | INTS | LONGS | FLOATS:
                return True
            key = self.resolve_pkg(f, alias)
            if key.startswith("ext:") or (key, name) not in self.types:
                return False
            (dkind, t), f = self.types[(key, name)]
            if dkind == "unsupported" or t[0] != "named":
                return False
            typ = t

    def flatten_in(self, ekey, ename, ctx_key):
        # Fields of an inlined struct, with type references made valid in the including package.
        (_, typ), f = self.types[(ekey, ename)]
        items = []
        for item in self.flatten(ekey, ename):
            json_name, jt, jf, omit = item
            items.append((json_name, qualify(jt, ekey, ctx_key, self), jf, omit))
        return items


def qualify(jt, from_key, to_key, uni):
    if from_key == to_key:
        return jt
    # Qualify bare class names produced in from_key's package.
    def repl(m):
        word = m.group(0)
        if word in ("List", "Map", "String", "Boolean", "Integer", "Long", "Double") or "." in word:
            return word
        return KEY_TO_JAVA[from_key] + "." + word
    return re.sub(r"[A-Za-z_][A-Za-z0-9_.]*", repl, jt)


def parse_json_tag(raw):
    if not raw:
        return None
    m = re.search(r'json:"([^"]*)"', raw)
    if not m:
        return None
    return m.group(1).split(",")[0]


def json_tag_options(raw):
    m = re.search(r'json:"([^"]*)"', raw or "")
    return set(m.group(1).split(",")[1:]) if m else set()


def java_class(go_name):
    if go_name in JAVA_LANG:
        return go_name + "Type"
    return go_name


def java_field(json_name):
    parts = re.split(r"[^A-Za-z0-9]+", json_name)
    parts = [p for p in parts if p]
    name = parts[0][0].lower() + parts[0][1:] + "".join(p[0].upper() + p[1:] for p in parts[1:])
    if name[0].isdigit():
        name = "v" + name
    if name in JAVA_KEYWORDS:
        name += "Value"
    return name


# ---------------------------------------------------------------- Java output
HEADER = """// Generated by control-core/codegen/resources.py from {upstream} type {go}. Do not edit.
package {pkg};
"""


def render(uni, key, name, fields):
    pkg = KEY_TO_JAVA[key]
    cls = java_class(name)
    imports = {"com.fasterxml.jackson.annotation.JsonInclude", "com.fasterxml.jackson.annotation.JsonProperty"}
    body = []
    seen = set()
    comps = []
    for json_name, jt, jf, omit in fields:
        if json_name in seen:
            continue  # an inlined member shadowed by an outer field, as in Go
        seen.add(json_name)
        if "List<" in jt:
            imports.add("java.util.List")
        if "Map<" in jt:
            imports.add("java.util.Map")
        include = f"@JsonInclude(JsonInclude.Include.{omit}) " if omit else ""
        comps.append(f'    {include}@JsonProperty("{json_name}") {jt} {jf}')
    extra = []
    if (key, name) == ("gwapiv1", "SupportedFeature"):
        imports.add("com.fasterxml.jackson.annotation.JsonCreator")
        extra.append(
            "  /** Upstream also accepts a bare string for a supported feature. */\n"
            "  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)\n"
            f"  public static {cls} of(String name) {{\n    return new {cls}(name);\n  }}\n")
        ctor = "  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)\n  public " + cls + " {\n  }\n"
        extra.insert(0, ctor)
    if (key, name) in REDACTED:
        hidden = REDACTED[(key, name)]
        shown = [jf for (_, _, jf, _) in fields if jf not in hidden]
        parts = " + \", ".join(f'{s}=" + {s}' for s in shown)
        extra.append(
            "  /** Never prints the secret's data, so a logged Secret leaks nothing. */\n"
            "  @Override\n"
            f"  public String toString() {{\n    return \"{cls}[{parts} + \", data=[redacted]]\";\n  }}\n")
    lines = [HEADER.format(upstream=UPSTREAM[key], go=name, pkg=pkg)]
    for imp in sorted(imports):
        lines.append(f"import {imp};")
    lines.append("")
    lines.append("@JsonInclude(JsonInclude.Include.NON_NULL)")
    implements = ""
    if (key, name) in ROOTS and (key, name) != ("eg", "EnvoyGateway"):
        implements = " implements dev.attache.control.resource.meta.KubernetesObject"
    if comps:
        lines.append(f"public record {cls}(\n" + ",\n".join(comps) + "){implements} {{".format(implements=implements))
    else:
        lines.append(f"public record {cls}() {{")
    if extra:
        lines.append("\n".join(extra).rstrip("\n"))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    gosrc, outdir = sys.argv[1], sys.argv[2]
    uni = Universe(gosrc)
    for key, name in ROOTS:
        uni.named(key, name, (key, name))
    while uni.queue:
        key, name = uni.queue.pop(0)
        uni.emit[(key, name)] = uni.flatten(key, name)
    count = 0
    for (key, name), fields in sorted(uni.emit.items()):
        pkg_dir = os.path.join(outdir, *KEY_TO_JAVA[key].split("."))
        os.makedirs(pkg_dir, exist_ok=True)
        with open(os.path.join(pkg_dir, java_class(name) + ".java"), "w", encoding="utf-8") as out:
            out.write(render(uni, key, name, fields))
        count += 1
    print(f"{count} records written")


if __name__ == "__main__":
    main()
