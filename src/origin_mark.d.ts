export interface OriginMark {
    set(): void;
    mayBeSet(): boolean;
}
export declare function originMark(key: string): OriginMark;
