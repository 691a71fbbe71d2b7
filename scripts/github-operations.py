#!/usr/bin/env python3
"""Writes tests/fixtures/github-operations.json: the request side (query and
path parameters, request-body schema) of every GitHub operation newsdesk
calls, which the stand-in holds each request to (tests/standin/).

Sources, in order:
 - ../shared/github-api/operations.json and operations-extra.json (GitHub's
   OpenAPI description, as the project received it);
 - for operations those lack, GitHub's OpenAPI description itself, from the
   npm package @octokit/openapi 23.0.2 (`npm pack @octokit/openapi@23.0.2`,
   unpacked; pass its generated/api.github.com.deref.json);
 - the OAuth web flow, which is not REST: written from the shared notes
   (docs.github.com, authorizing OAuth apps), query and form parameters as
   GitHub documents them;
 - GraphQL (POST /graphql), not in the REST description: GitHub's
   documented request shape, {"query": string, "variables": object}.

    scripts/github-operations.py OPENAPI.deref.json > tests/fixtures/github-operations.json
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared", "github-api")

SHARED_OPS = [
    "GET /repos/{owner}/{repo}/branches/{branch}",
    "GET /repos/{owner}/{repo}/contents/{path}",
    "GET /repos/{owner}/{repo}/git/ref/{ref}",
    "GET /repos/{owner}/{repo}/pulls",
    "GET /repos/{owner}/{repo}/pulls/{pull_number}",
    "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
    "PATCH /repos/{owner}/{repo}/pulls/{pull_number}",
    "POST /repos/{owner}/{repo}/git/commits",
    "POST /repos/{owner}/{repo}/git/refs",
    "POST /repos/{owner}/{repo}/git/trees",
    "POST /repos/{owner}/{repo}/pulls",
    "GET /user",
    "GET /orgs/{org}/members/{username}",
    "GET /orgs/{org}/teams/{team_slug}/memberships/{username}",
]
OPENAPI_OPS = [
    "GET /orgs/{org}/repos",
    "GET /repos/{owner}/{repo}/issues",
    "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
    "POST /app/installations/{installation_id}/access_tokens",
]


def strip(params):
    return [{k: p[k] for k in ("name", "in", "required", "schema") if k in p} for p in params]


def main():
    shared = {}
    for name in ("operations.json", "operations-extra.json"):
        shared.update(json.load(open(os.path.join(SHARED, name))))
    api = json.load(open(sys.argv[1]))
    ops = {}
    for key in SHARED_OPS:
        o = shared[key]
        ops[key] = {"parameters": o.get("parameters"), "request_body": o.get("request_body")}
    for key in OPENAPI_OPS:
        method, path = key.split(" ", 1)
        o = api["paths"][path][method.lower()]
        body = o.get("requestBody")
        if body:
            content = body["content"]["application/json"]
            body = {"required": body.get("required", False), "content_type": "application/json",
                    "schema": content["schema"]}
        ops[key] = {"_source": "@octokit/openapi 23.0.2 (not in ../shared/github-api)",
                    "parameters": strip(o.get("parameters", [])), "request_body": body}
    authorize = shared["GET https://github.com/login/oauth/authorize"]["query_parameters"]
    ops["GET /login/oauth/authorize"] = {
        "_source": "../shared/github-api: GET https://github.com/login/oauth/authorize",
        "parameters": [{"name": n, "in": "query", "required": "required" in d,
                        "schema": {"type": "string"}} for n, d in authorize.items()],
        "request_body": None}
    token = shared["POST https://github.com/login/oauth/access_token"]["request_parameters"]
    ops["POST /login/oauth/access_token"] = {
        "_source": "../shared/github-api: POST https://github.com/login/oauth/access_token",
        "parameters": [],
        "request_body": {"required": True, "content_type": "application/json", "schema": {
            "type": "object",
            "properties": {n: {"type": "string"} for n in token},
            "required": [n for n, d in token.items() if "required" in d and "recommended" not in d]}}}
    ops["POST /graphql"] = {
        "_source": "docs.github.com/graphql/guides/forming-calls-with-graphql (not REST)",
        "parameters": [],
        "request_body": {"required": True, "content_type": "application/json", "schema": {
            "type": "object",
            "properties": {"query": {"type": "string"}, "variables": {"type": "object"}},
            "required": ["query"]}}}
    out = {"_source": "The request side of every GitHub operation newsdesk calls, written by "
                      "scripts/github-operations.py; each entry not from ../shared/github-api "
                      "says where it is from. tests/github/contract.c checks the shared ones "
                      "against ../shared whenever it is present; the stand-in answers a request "
                      "that does not fit with GitHub's 422.",
           "operations": dict(sorted(ops.items()))}
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
