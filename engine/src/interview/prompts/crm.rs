//! Prompts on CRM integrations.

use super::phrasings::{said, wrong};
use crate::interview::Prompt;

pub(super) const DEBUG_CRM_LOOKUP: Prompt = Prompt {
    id: "debug-crm-lookup",
    topic: "CRM integrations",
    question: "When a chat starts, the customer lookup in the CRM comes back empty. How do you troubleshoot it?",
    points: &[
        said("identifier-sent", "Check which identifier was actually sent (email, phone, customer id) and in what format.", "term-customer-lookup",
            &[&["identifier", "customer id", "customerid", "email", "phone", "lookup key", "search key", "search value", "what was sent", "value sent", "id sent", "the id"], &["format*", "sent", "passed", "match*", "check*", "empty", "wrong", "correct", "exact*", "normali*", "plus sign", "country code", "case"]]),
        said("status-code", "Read the CRM's status: 200 with no results, 404, 401/403 and 5xx mean very different things.", "log-crm",
            &[&["status", "response code", "http code", "200", "404", "401", "403", "500", "5xx", "empty result*", "no results", "empty list", "empty array"]]),
        said("record-exists", "Confirm the record really exists in that CRM instance, and try a known good record.", "step-known-good-data",
            &[&["exist*", "known good", "test record", "known record", "a record that", "look it up by hand", "search the crm", "search in the crm", "manually"]]),
        said("permissions-mapping", "Check the integration user's permissions and the field mapping: a user that cannot see the record gets nothing back.", "term-integration-user",
            &[&["integration user", "permission*", "visibility", "sharing rule*", "can see", "cannot see", "field mapping", "mapping", "mapped", "scope*", "profile"]]),
        said("environment", "Check it queries the right CRM environment (sandbox vs production) and endpoint.", "failure-wrong-environment",
            &[&["sandbox", "production", "environment", "instance", "endpoint", "base url", "org"]]),
    ],
    misconceptions: &[
        wrong("empty-is-outage", "An empty result with a 200 is not an outage; the call worked and the search found nothing.", "status-200",
            &[&["crm"], &["is down", "outage", "crashed", "broken"]], &["not", "isnt", "rather than", "unless"]),
    ],
    model_answer: "First I check which identifier was actually sent, the email, phone number or customer id, and in what format, because a phone number without the country code will not match. Then I read the CRM's response code: a 200 with no results, a 404, a 401 or 403 and a 5xx each point somewhere different. I confirm the record really exists in that CRM and repeat the lookup with a known good record. I check the integration user's permissions and the field mapping, since a user who cannot see the record gets an empty answer. And I make sure the call goes to the right environment, not the sandbox.",
};

pub(super) const FIELD_MAPPING: Prompt = Prompt {
    id: "field-mapping",
    topic: "CRM integrations",
    question: "What is field mapping in a CRM integration and how does it break?",
    points: &[
        said("definition", "Field mapping says which field in one system fills which field in the other.", "term-field-mapping",
            &[&["field*"], &["match*", "map*", "correspond*", "which field", "goes into", "fills", "translat*", "lines up", "one system to the other", "between systems"]]),
        said("renamed-field", "It breaks when a field is renamed, removed or becomes required on one side.", "term-field-mapping",
            &[&["renam*", "removed", "deleted", "new required", "becomes required", "made required", "custom field", "changed name"]]),
        said("type-format", "Or when types and formats differ: dates, picklist values, phone formats.", "failure-wrong-field-type",
            &[&["type*", "format*", "date*", "picklist*", "pick list", "enum*", "allowed values", "phone format*", "number vs string"]]),
        said("symptoms", "Symptoms: a 400 naming the field, or records created with blank or wrong values.", "failure-missing-required-field",
            &[&["400", "422", "blank", "empty", "wrong value*", "missing data", "null", "validation error*"]]),
    ],
    misconceptions: &[],
    model_answer: "Field mapping decides which field in one system fills which field in the other, for example the chat's email going into the CRM contact's email. It breaks when someone renames or removes a field, or makes a new field required on the CRM side. It also breaks when the types or formats differ, such as dates, picklist values or phone formats. The symptoms are a 400 or 422 that names the field, or records created with blank or wrong values.",
};

pub(super) const INTEGRATION_USER: Prompt = Prompt {
    id: "integration-user",
    topic: "CRM integrations",
    question: "Why do integrations usually run as a dedicated integration user, and what goes wrong with it?",
    points: &[
        said("own-user", "A dedicated user gives the integration its own permissions and audit trail, separate from a person's account.", "term-integration-user",
            &[&["own", "separate", "dedicated", "not a person", "not tied", "not someone", "service account"], &["permission*", "account", "user", "audit*", "credentials"]]),
        said("least-privilege", "Give it only the objects and fields it needs.", "term-scope",
            &[&["only what", "only the", "least privilege", "minimum", "just the", "nothing more", "only needs"]]),
        said("failure-modes", "It fails when its password or token expires, the user is deactivated, or a permission is taken away: 401s and 403s.", "term-integration-user",
            &[&["expire*", "deactivat*", "disabled", "locked", "removed", "left the company", "leaves", "password reset", "revoked", "401", "403"]]),
    ],
    misconceptions: &[
        wrong("use-admin", "Running an integration as a full admin or a real person's account is a risk and breaks when that person leaves.", "term-integration-user",
            &[&["use", "run", "give"], &["admin", "administrator", "full access", "all permissions"]], &["not", "never", "rather than", "instead", "avoid", "dont"]),
    ],
    model_answer: "A dedicated integration user gives the integration its own account, permissions and audit trail, separate from any person. It should get only the objects and fields it needs, nothing more. It fails when its password or token expires, when someone deactivates it, or when a permission is taken away, which shows up as sudden 401s or 403s.",
};
