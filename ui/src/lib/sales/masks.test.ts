import { describe, expect, it } from "vitest";
import { formatCoordinates, maskCep, maskCpf, maskPhone, parseCoordinates } from "./masks";

describe("masks as people type", () => {
  it("masks a CPF digit by digit and from a paste", () => {
    expect(maskCpf("529")).toBe("529");
    expect(maskCpf("5299")).toBe("529.9");
    expect(maskCpf("5299822")).toBe("529.982.2");
    expect(maskCpf("52998224725")).toBe("529.982.247-25");
    expect(maskCpf("529.982.247-2599")).toBe("529.982.247-25");
  });

  it("masks a CEP", () => {
    expect(maskCep("51020")).toBe("51020");
    expect(maskCep("51020010")).toBe("51020-010");
    expect(maskCep("51.020-010")).toBe("51020-010");
  });

  it("masks mobiles and landlines, and drops the country code", () => {
    expect(maskPhone("81")).toBe("(81");
    expect(maskPhone("8199876")).toBe("(81) 99876");
    expect(maskPhone("81998765432")).toBe("(81) 99876-5432");
    expect(maskPhone("8132221100")).toBe("(81) 3222-1100");
    expect(maskPhone("+55 81 99876-5432")).toBe("(81) 99876-5432");
  });

  it("reads coordinates as copied from a map, with points or decimal commas", () => {
    expect(parseCoordinates("-8.05, -34.90")).toEqual([-8.05, -34.9]);
    expect(parseCoordinates("-8,05, -34,90")).toEqual([-8.05, -34.9]);
    expect(parseCoordinates("-8,05; -34,90")).toEqual([-8.05, -34.9]);
    expect(parseCoordinates("-8.05 -34.90")).toEqual([-8.05, -34.9]);
    expect(parseCoordinates("0, 0")).toBeNull();
    expect(parseCoordinates("Recife")).toBeNull();
    expect(parseCoordinates("-95, 10")).toBeNull();
    expect(formatCoordinates(-8.05, -34.9)).toBe("-8.05000, -34.90000");
  });
});
