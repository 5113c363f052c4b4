export { copyField, copyFields, copyLine, textArrayLiteral, type CopyValue } from '@app/persistence';
