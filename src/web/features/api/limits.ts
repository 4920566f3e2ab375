/** Page sizes of the API and the OData feed. */
export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;
/** The OData feed's server-driven page: Power BI asks for 1,000 rows at a time. */
export const ODATA_PAGE = 1000;
