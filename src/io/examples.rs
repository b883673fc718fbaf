//! The built-in example maps: the files in `public/examples/`. Native builds
//! (the command line, the tests) embed them; the browser fetches the one it
//! opens from the same origin, which keeps 60 KB of JSON out of the wasm.

/// One built-in example: a short key for links and menus, and the file's text.
pub struct Example {
    pub key: &'static str,
    pub label: &'static str,
    #[cfg(not(target_arch = "wasm32"))]
    pub json: &'static str,
}

impl Example {
    /// Where the browser finds the file, relative to the app.
    pub fn path(&self) -> String {
        format!("examples/{}.json", self.key)
    }
}

pub const EXAMPLES: [Example; 4] = [
    Example {
        key: "incident-resolution",
        label: "IT incident resolution",
        #[cfg(not(target_arch = "wasm32"))]
        json: include_str!("../../public/examples/incident-resolution.json"),
    },
    Example {
        key: "user-onboarding",
        label: "Customer onboarding",
        #[cfg(not(target_arch = "wasm32"))]
        json: include_str!("../../public/examples/user-onboarding.json"),
    },
    Example {
        key: "software-deployment",
        label: "Software deployment",
        #[cfg(not(target_arch = "wasm32"))]
        json: include_str!("../../public/examples/software-deployment.json"),
    },
    Example {
        key: "manufacturing",
        label: "Manufacturing (stamped brackets)",
        #[cfg(not(target_arch = "wasm32"))]
        json: include_str!("../../public/examples/manufacturing.json"),
    },
];

pub fn example(key: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.key == key)
}
