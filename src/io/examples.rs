//! The built-in example maps, embedded in the binary (the same files ship in
//! `public/examples/`).

/// One built-in example: a short key for links and menus, and the file's text.
pub struct Example {
    pub key: &'static str,
    pub label: &'static str,
    pub json: &'static str,
}

pub const EXAMPLES: [Example; 4] = [
    Example {
        key: "incident-resolution",
        label: "IT incident resolution",
        json: include_str!("../../public/examples/incident-resolution.json"),
    },
    Example {
        key: "user-onboarding",
        label: "Customer onboarding",
        json: include_str!("../../public/examples/user-onboarding.json"),
    },
    Example {
        key: "software-deployment",
        label: "Software deployment",
        json: include_str!("../../public/examples/software-deployment.json"),
    },
    Example {
        key: "manufacturing",
        label: "Manufacturing (stamped brackets)",
        json: include_str!("../../public/examples/manufacturing.json"),
    },
];

pub fn example(key: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.key == key)
}
