// The Portfolio page's styles: the settings app's badges and helpers, plus what the list
// tables need (full width, long emails wrap, the notices' lists). WordPress does the rest.
import { styles } from "../styles.ts";

export const portfolioStyles = `${styles}
.ll-admin.ll-portfolio { max-width: none; }
.ll-portfolio .ll-notices:focus { outline: none; }
.ll-portfolio .ll-notice-list { list-style: disc; margin: 0 0 .5em 1.5em; }
.ll-portfolio .ll-wrap { overflow-wrap: anywhere; }
.ll-portfolio .ll-small { font-size: 12px; margin: .25em 0 0; }
.ll-portfolio .ll-search { float: none; }
.ll-portfolio .subsubsub { float: none; margin: 8px 0; }
.ll-portfolio .search-box { float: right; margin: 0; }
.ll-portfolio .ll-health .check-column { width: 2.2em; }
.ll-portfolio .ll-health .column-primary { width: 22%; }
@media screen and (max-width: 782px) {
  /* WordPress moves a list table's search box to the foot of the page and hides the top bulk
     actions on small screens; this page keeps both where they are, usable at 320 px. */
  .ll-portfolio p.search-box { position: static; float: none; width: auto; height: auto; display: flex; gap: .5rem;
    flex-wrap: wrap; margin: .5rem 0; }
  .ll-portfolio .tablenav.top .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; float: none;
    margin: 0 0 .5rem; padding: 0; }
  .ll-portfolio .tablenav.top .actions select { max-width: 100%; }
  .ll-portfolio .tablenav { height: auto; }
  .ll-portfolio .search-box input[type="search"] { flex: 1 1 10rem; min-width: 0; }
  .ll-portfolio .subsubsub { display: flex; flex-wrap: wrap; gap: .25rem .5rem; }
  .ll-portfolio .ll-health .column-primary { width: auto; }
}
`;
