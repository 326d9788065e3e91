// Marks the page as able to run GOV.UK Frontend's JavaScript, then starts its components.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();
