// The address a person types on a form (a sale, a customer's page, an order's new address).

/** Its fields in the order the forms show them; each is named by `t.sales.form[field]`. */
export const ADDRESS_FIELDS = ["cep", "street", "number", "complement", "neighbourhood", "city", "uf", "reference"] as const;
